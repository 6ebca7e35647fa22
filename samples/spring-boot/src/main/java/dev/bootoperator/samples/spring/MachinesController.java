package dev.bootoperator.samples.spring;

import dev.bootoperator.servlet.BootServlets;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform's own API, next to our servlets: here it lists the machines the boot server knows. */
@RestController
class MachinesController {
    private final BootServlets boot;

    MachinesController(BootServlets boot) {
        this.boot = boot;
    }

    @GetMapping("/api/machines")
    List<String> machines() {
        return boot.store().all().stream()
                .filter(r -> !r.kind().equals("Secret"))
                .map(r -> r.kind() + " " + r.key())
                .sorted()
                .toList();
    }
}
