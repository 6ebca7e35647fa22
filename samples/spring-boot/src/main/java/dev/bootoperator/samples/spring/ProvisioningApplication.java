package dev.bootoperator.samples.spring;

import dev.bootoperator.servlet.BootServlets;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Stands in for an existing provisioning platform: a Spring Boot web application with a controller of its own
 * ({@link MachinesController}) that adds the boot endpoints and the image proxy under {@code /boot/*}.
 *
 * <pre>
 * java -jar app.jar --boot.config-dir=samples/local --boot.ipxe-service-url=http://10.0.0.1:8080/boot
 * </pre>
 */
@SpringBootApplication
public class ProvisioningApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProvisioningApplication.class, args);
    }

    /** Our servlets; Spring closes them (and their threads) on shutdown. */
    @Bean(destroyMethod = "close")
    BootServlets bootServlets(@Value("${boot.config-dir}") Path configDir,
            @Value("${boot.ipxe-service-url:}") String ipxeServiceUrl,
            @Value("${boot.image-cache-dir:${java.io.tmpdir}/boot-operator-image-cache}") Path cacheDir) throws IOException {
        return BootServlets.builder()
                .configDirectory(configDir)
                .ipxeServiceUrl(ipxeServiceUrl)
                .imageCache(cacheDir, 10L << 30)
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServlet> bootEndpoints(BootServlets boot) {
        return new ServletRegistrationBean<>(boot.dispatcherServlet(), "/boot/*");
    }
}
