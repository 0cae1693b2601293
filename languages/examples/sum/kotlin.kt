fun main() {
    val tokens = generateSequence(::readLine).joinToString(" ").split(Regex("\\s+")).filter { it.isNotEmpty() }
    println(tokens.map { it.toLong() }.sum())
}
