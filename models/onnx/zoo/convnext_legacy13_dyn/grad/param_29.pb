
Bclassifier.2.biasJ(ý“]¿B‘n¿ðï}¾ÝJŽ?$@Ô?kD(À\+[?Ä¶œ¿Î^¿ìd’?