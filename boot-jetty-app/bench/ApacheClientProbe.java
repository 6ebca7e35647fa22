import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/**
 * Apache HttpClient 5 classic reading a blob into a 64 KiB array, the same loop as boot-core's TransportProbe;
 * run by transport-probe.sh when the jars are in ~/.m2 (it is not a dependency of the project).
 *
 *   java -cp httpclient5.jar:httpcore5.jar:slf4j-api.jar ApacheClientProbe.java URL ROUNDS
 */
public class ApacheClientProbe {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[1]);
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                long total = 0;
                try (CloseableHttpResponse r = client.execute(new HttpGet(args[0]));
                        InputStream in = r.getEntity().getContent()) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        total += n;
                    }
                }
                System.out.printf("round %d %-28s %8.0f MiB/s (%d bytes)%n", round, "apache-httpclient5-classic",
                        total / 1048576.0 / ((System.nanoTime() - start) / 1e9), total);
            }
        }
    }
}
