/**
 * The reference boot server: {@link dev.bootoperator.jetty.BootServerMain} parses upstream's flags,
 * {@link dev.bootoperator.jetty.BootServer} runs Jetty 12 with the boot servlet and Prometheus metrics on a
 * directory of YAML manifests. Nothing in this package returns or accepts {@code null}.
 */
package dev.bootoperator.jetty;
