import java.io.BufferedReader;
import java.io.InputStreamReader;

public class Guess {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int low = 1, high = 1000;
        while (true) {
            int guess = (low + high) / 2;
            System.out.println(guess);
            System.out.flush();
            String reply = in.readLine();
            if (reply == null || reply.equals("correct")) return;
            if (reply.equals("higher")) low = guess + 1; else high = guess - 1;
        }
    }
}
