let tokens = stdin.ReadToEnd().Split([| ' '; '\n'; '\r'; '\t' |], System.StringSplitOptions.RemoveEmptyEntries)
tokens |> Array.sumBy int64 |> printfn "%d"
