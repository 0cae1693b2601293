// Trial division up to the square root; the input is composite, so a divisor is found.
fn main() {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    let n: u64 = line.trim().parse().unwrap();
    let mut d = 2;
    while n % d != 0 {
        d += 1;
    }
    println!("{} {}", d, n / d);
}
