let () =
  let a, b = Scanf.scanf " %Ld %Ld" (fun a b -> (a, b)) in
  print_endline (Int64.to_string (Int64.add a b))
