
Bclassifier.1.biasJ(a³?i\¾óâô¾‘Õ>Z%ï¿6ÿ>tBe?–<ˆ><P¿ã¤À