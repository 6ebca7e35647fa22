import ch.qos.logback.classic.Level;
import dev.bootoperator.boot.BootService;
import dev.bootoperator.event.LoggingBootEventListener;
import dev.bootoperator.jetty.MicrometerBootEventListener;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.bootoperator.servlet.BootServlet;
import dev.bootoperator.store.DirectoryBootConfigStore;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control for the wrk-vs-nginx benchmark: the smallest server that answers like the boot server, Jetty 12
 * (ee10) with one {@code BootServlet} over a {@code DirectoryBootConfigStore}, and nothing else: no access log,
 * no metrics, no event logging unless asked. Comparing it with the real jar shows what the app adds per
 * request. Takes the real server's flags it needs, plus three knobs:
 *
 * <pre>
 * java -cp boot-jetty-app/target/boot-jetty-app.jar boot-jetty-app/bench/BareBootServer.java \
 *     --config-dir DIR --boot-server-address 127.0.0.1:PORT --ipxe-service-url URL \
 *     [--log-events] [--metrics] [--max-threads N]
 * </pre>
 * {@code --log-events} adds the {@code LoggingBootEventListener} (one INFO line per machine event, on the jar's
 * logback configuration: a console appender), {@code --metrics} the app's {@code MicrometerBootEventListener}
 * on a Prometheus registry, {@code --max-threads} sizes Jetty's thread pool (200, as in the app, by default).
 * With {@code BOOT_SERVER=bare} the benchmark script starts this instead of the jar.
 */
public final class BareBootServer {
    public static void main(String[] args) throws Exception {
        String configDir = null;
        String address = "127.0.0.1:8082";
        String ipxeServiceUrl = null;
        boolean logEvents = false;
        boolean metrics = false;
        int maxThreads = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config-dir" -> configDir = args[++i];
                case "--boot-server-address" -> address = args[++i];
                case "--ipxe-service-url" -> ipxeServiceUrl = args[++i];
                case "--log-events" -> logEvents = true;
                case "--metrics" -> metrics = true;
                case "--max-threads" -> maxThreads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (configDir == null) {
            throw new IllegalArgumentException("--config-dir is required");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);

        DirectoryBootConfigStore store = DirectoryBootConfigStore.open(Path.of(configDir));
        BootService.Builder boot = BootService.builder(store).ipxeServiceUrl(ipxeServiceUrl);
        if (logEvents) {
            boot.listener(new LoggingBootEventListener());
        }
        if (metrics) {
            boot.listener(new MicrometerBootEventListener(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        }

        int colon = address.lastIndexOf(':');
        Server server = new Server(new QueuedThreadPool(maxThreads));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(address.substring(0, colon));
        connector.setPort(Integer.parseInt(address.substring(colon + 1)));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new BootServlet(boot.build())), "/*");
        server.setHandler(context);
        server.start();
        System.out.println("bare boot server on " + address + (logEvents ? ", event log on" : "")
                + (metrics ? ", metrics on" : ""));
        server.join();
    }
}
