my ($a, $b) = $*IN.slurp.words;
say $a + $b;
