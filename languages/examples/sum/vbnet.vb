Module Program
    Sub Main()
        Dim tokens = Console.In.ReadToEnd().Split(New Char() {" "c, ControlChars.Lf, ControlChars.Cr, ControlChars.Tab}, StringSplitOptions.RemoveEmptyEntries)
        Console.WriteLine(Long.Parse(tokens(0)) + Long.Parse(tokens(1)))
    End Sub
End Module
