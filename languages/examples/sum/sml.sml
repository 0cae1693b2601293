(* SML writes negative numbers with "~": print them with "-" as everyone else does. *)
fun show n = if n < 0 then "-" ^ IntInf.toString (~n) else IntInf.toString n

fun main () =
  let
    val tokens = String.tokens Char.isSpace (TextIO.inputAll TextIO.stdIn)
    val numbers = List.mapPartial IntInf.fromString tokens
  in
    print (show (foldl op+ 0 numbers) ^ "\n")
  end
