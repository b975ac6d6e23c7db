
B	head.biasJ(E2›?¡EÁ?Çø?ÊIá¿J×À²JÔ¿Ü:ÿ¾Ì@üaj>Vüñ?