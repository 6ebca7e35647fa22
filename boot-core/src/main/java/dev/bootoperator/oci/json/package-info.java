/**
 * Jackson DTOs for the JSON documents the registry client reads: OCI/Docker manifests and indexes, token
 * responses, registry error documents and Docker {@code config.json}. They mirror the wire format, unknown
 * fields are ignored, absent fields are null; the {@code dev.bootoperator.oci} package validates them and turns
 * them into domain types, so nothing here leaves that package.
 */
package dev.bootoperator.oci.json;
