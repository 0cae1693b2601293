# Run with gawk -M: integers of any size.
{ for (i = 1; i <= NF; i++) sum += $i }
END { print sum + 0 }
