// A first program per language for the playground: it reads a name from stdin and greets it,
// so Run shows both input and output working. Languages without one start empty.
export const helloPrograms = {
    c: `#include <stdio.h>

int main(void) {
    char name[100] = "world";
    scanf("%99s", name);
    printf("Hello, %s!\\n", name);
    return 0;
}
`,
    cpp: `#include <iostream>
#include <string>

int main() {
    std::string name = "world";
    std::cin >> name;
    std::cout << "Hello, " << name << "!\\n";
}
`,
    csharp: `var name = Console.ReadLine() ?? "world";
Console.WriteLine($"Hello, {name}!");
`,
    fortran: `program hello
    character(len=100) :: name
    read (*, '(A)') name
    print '(3A)', 'Hello, ', trim(name), '!'
end program hello
`,
    go: `package main

import "fmt"

func main() {
	name := "world"
	fmt.Scan(&name)
	fmt.Printf("Hello, %s!\\n", name)
}
`,
    java: `import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        String name = in.hasNext() ? in.next() : "world";
        System.out.println("Hello, " + name + "!");
    }
}
`,
    javascript: `const name = require("fs").readFileSync(0, "utf8").trim() || "world";
console.log(\`Hello, \${name}!\`);
`,
    lua: `local name = io.read("l") or "world"
print("Hello, " .. name .. "!")
`,
    pascal: `program Hello;
var name: string;
begin
    readln(name);
    writeln('Hello, ', name, '!');
end.
`,
    perl: `my $name = <STDIN> // "world";
chomp $name;
print "Hello, $name!\\n";
`,
    php: `<?php
$name = trim(fgets(STDIN) ?: "world");
echo "Hello, $name!\\n";
`,
    python3: `name = input()
print(f"Hello, {name}!")
`,
    ruby: `name = (gets || "world").chomp
puts "Hello, #{name}!"
`,
    rust: `use std::io::stdin;

fn main() {
    let mut name = String::new();
    stdin().read_line(&mut name).unwrap();
    println!("Hello, {}!", name.trim());
}
`,
};

/** The stdin the first programs read. */
export const helloInput = "Ada\n";
