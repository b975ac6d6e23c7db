
Bclassifier.1.biasJ(N>‰¿°èAÀ±hQ@@ªÄ¼YŽ9¿RŠ¿rx>q>Ö¿ðž;Àˆk»¾