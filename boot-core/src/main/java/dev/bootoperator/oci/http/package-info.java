/**
 * A small HTTP layer on {@code java.net.http} for talking to OCI registries and their CDNs, without knowing
 * anything about registries: redirects followed by hand (credentials dropped when the origin changes), bounded
 * and time-limited body reads, and {@code WWW-Authenticate} parsing. Nothing here returns or accepts null.
 */
package dev.bootoperator.oci.http;
