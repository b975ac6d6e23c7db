Bfeatures.1.0.norm1.weightJ@âÜ:ciè:È€„;Ù‘:‡M»:à†8XJ®»fa:»¼8—:F-e:Ó‹¼Šf<¨»Şæ»
«£º™eˆº