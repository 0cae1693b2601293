program Sum;
var
  a, b: Int64;
begin
  read(a, b);
  writeln(a + b);
end.
