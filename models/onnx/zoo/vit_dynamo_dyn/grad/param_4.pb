 B*encoder.layers.encoder_layer_0.ln_1.weightJ€<h+>uõ?a¿4qæ½8
l>"j˜=ã¬ >¦Aˆ<vmÀ¼`jå¾¯|r¾.µò=
P-¾Ôià;Š³=”bq>ÄÌ¾N¥‘>I(Ÿ½†Uª¾:b ¿JÖ,½Òý=FR2>¾Îý>n:=HoQ½‘K½1Ò­>,>X¿~¼|W—¾