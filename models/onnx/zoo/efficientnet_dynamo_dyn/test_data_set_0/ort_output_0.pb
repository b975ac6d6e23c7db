
BlogitsJPdiöÀIcÁ;M†@Œº‚ÀO}dÀ‡•W¿ÜÀÀàÃº¿¶¡3ÀŽzáÀmH“¾²¿š>Ðò?¼Lp¿
J¿ÜÈ½m«?x²\¿uLQ?