Bfeatures.7.block.2.fc2.biasJ@ÆÒ:@«¹ËÔ	9 ´9°ü:Pk:¹ÄQ³:/ˆ;#~…»ÀÅw:¤C
»´ÃU»õwá¹Ğ°©¹Ê9ˆ<Cº