 B0m.model.layers.1.post_attention_layernorm.weightJ€^a>ÏJÎ½¾^=ž">”¸>º<>”
¾x	N¾	½´H¼KP‚½ÓN>Ã¿<>íÙ€½ÃÁ1>$?€¼Þh<OÝ½ ±$¾NÁ>0;Š<%óÅ½IOŒ>ßdZ>|v7>5í¾ŽU¾ Ñ!¾*ð½^ƒV>òÿƒ>|<