int main()
{
    array(string) tokens = (Stdio.stdin->read() / " ") - ({ "" });
    tokens = map(tokens, String.trim_all_whites) - ({ "" });
    write("%d\n", (int)tokens[0] + (int)tokens[1]);
    return 0;
}
