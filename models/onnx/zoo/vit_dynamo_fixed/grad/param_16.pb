 B(encoder.layers.encoder_layer_1.ln_1.biasJ€&´í={Çô=ˆ,¾Ü>±=752>‰¼?ÿ:>¢™K½
£¾dGZ½3½ùÕ>]Ç1¾mb8=­=b=½=ðsÚ;DÇŸ=…v½|P¨=Uï9¾Oðg>s»L=àx
;ƒè›=lG¾69¾˜à½æã<Rüæ=ZÔ÷½Š§=