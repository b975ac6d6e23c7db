 B(encoder.layers.encoder_layer_0.ln_1.biasJ€XXj?ªÚ
¿¤^(?ên¿ÈØ•=-'?T¿ Qé=!s,¿B¶p?Þ8?·—?í!?ÖOS¾ÌSó>AòW?ŠBœ¾^Ñ‚>¡ie¿TwŒ>7.%?îƒˆ¾ßÚQ>îÞƒ?LP>h–9?¾Ì½é^¬=ÉÈä<„‡‰½ÿ°¾(R?