def tokens = System.in.text.split(/\s+/).findAll { it }
println tokens.collect { it as long }.sum()
