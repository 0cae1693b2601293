// Square and multiply in u128, so products of two numbers below 10^18 cannot overflow.
use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let v: Vec<u128> = input.split_whitespace().map(|x| x.parse().unwrap()).collect();
    let (mut base, mut exponent, modulus) = (v[0] % v[2], v[1], v[2]);
    let mut result = 1 % modulus;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % modulus;
        }
        base = base * base % modulus;
        exponent >>= 1;
    }
    println!("{}", result);
}
