void main () {
    var tokens = stdin.read_line ().strip ().split (" ");
    int64 a = int64.parse (tokens[0]);
    int64 b = int64.parse (tokens[tokens.length - 1]);
    stdout.printf ("%" + int64.FORMAT + "\n", a + b);
}
