object Main {
  def main(args: Array[String]): Unit = {
    val tokens = scala.io.Source.stdin.mkString.split("\\s+").filter(_.nonEmpty).map(_.toLong)
    println(tokens.sum)
  }
}
