Bfeatures.1.0.norm1.biasJ@Ú‹à<œ÷O<îhb½Díä»Mªß<ÈQ)º4?
=¦-G<è»J¼‚’Ê»®Éè¼kC½ïÉN¼˜ªø<±Â½tž6;