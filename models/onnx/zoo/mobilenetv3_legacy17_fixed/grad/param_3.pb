Bfeatures.1.block.1.fc2.biasJ :V_¼—L<¬oÍ;sâM¼~Lå»œ‡=?Â‰¼Þ€
<