/**
 * The boot servers inside the operator process: {@link dev.bootoperator.operator.serve.OperatorBootServers}
 * runs the reference Jetty server on an {@link dev.bootoperator.operator.serve.InformerBootConfigStore} (informer
 * caches with UUID, IP and MAC indexes: no API call per boot), chooses with the
 * {@link dev.bootoperator.operator.serve.MaintenanceAwareSelector} and reports deliveries as conditions and Events
 * through the {@link dev.bootoperator.operator.serve.BootStatusRecorder}, off the request path.
 */
package dev.bootoperator.operator.serve;
