\ Reads one line "a b" and prints a + b (cells are 64-bit).
create line 256 allot

: skip-blanks ( addr u -- addr' u' )
  begin dup 0> while over c@ bl <= while 1 /string repeat then ;

: read-int ( addr u -- n addr' u' )
  skip-blanks
  over c@ [char] - = dup >r if 1 /string then
  0 0 2swap >number 2swap drop
  r> if negate then -rot ;

line 256 stdin read-line throw drop line swap
read-int read-int 2drop + 0 .r cr
bye
