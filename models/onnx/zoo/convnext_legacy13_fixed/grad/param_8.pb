Bfeatures.1.0.block.2.biasJ@5‘v»Âi:êAl:[…;»˜„Ó¸zk':šô—;Ft‹:wò¸Âp:Õ
Kº]½:2FÙºõ'!; ü9