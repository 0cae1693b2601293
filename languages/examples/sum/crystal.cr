tokens = STDIN.gets_to_end.split
puts tokens.map(&.to_i64).sum
