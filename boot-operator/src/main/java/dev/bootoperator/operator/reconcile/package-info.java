/**
 * The boot operator's reconcilers, registered through {@link dev.bootoperator.operator.reconcile.BootControllers}:
 * IPXEBootConfig and HTTPBootConfig (validate the Ignition secret), and ServerBootConfiguration → IPXEBootConfig
 * / HTTPBootConfig (resolve the OS image, own the child, copy its state back). Everything is written with
 * create, JSON patch or JSON merge patch, never server-side apply, in production as in the tests.
 */
package dev.bootoperator.operator.reconcile;
