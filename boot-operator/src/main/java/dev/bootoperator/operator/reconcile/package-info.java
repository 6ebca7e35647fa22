/**
 * The boot operator's reconcilers, registered through {@link dev.bootoperator.operator.reconcile.BootControllers}:
 * IPXEBootConfig and HTTPBootConfig (validate the Ignition secret), and ServerBootConfiguration → IPXEBootConfig
 * / HTTPBootConfig (resolve the OS image, own the child, copy its state back). Everything is written with
 * create or JSON Patch (RFC 6902), never server-side apply, in production as in the tests: the fabric8 mock
 * API server answers server-side apply with 415, and its JSON merge patch appends to arrays where RFC 7386
 * replaces them, so a merge patch that shortens {@code conditions} or {@code systemIPs} would pass on a real
 * cluster and fail in the tests.
 */
package dev.bootoperator.operator.reconcile;
