package dev.bootoperator.samples.plain;

import dev.bootoperator.servlet.BootServlets;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** A boot server in plain Java: Jetty 12 with our servlets under {@code /boot/*}. Usage: CONFIG_DIR [PORT]. */
public final class PlainJavaBootServer {
    private PlainJavaBootServer() {
    }

    public static void main(String[] args) throws Exception {
        Server server = start(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 8080);
        server.join();
    }

    /** Starts serving; stopping the server also closes our servlets and their threads. */
    public static Server start(Path configDir, int port) throws Exception {
        BootServlets boot = BootServlets.builder()
                .configDirectory(configDir)
                .ipxeServiceUrl("http://localhost:" + port + "/boot")
                .build();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(boot.dispatcherServlet()), "/boot/*");
        Server server = new Server(port);
        server.setHandler(context);
        server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(org.eclipse.jetty.util.component.LifeCycle event) {
                boot.close();
            }
        });
        server.start();
        return server;
    }
}
