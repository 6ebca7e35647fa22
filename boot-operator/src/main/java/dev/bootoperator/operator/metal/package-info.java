/**
 * Read-only views of the {@code metal.ironcore.dev/v1alpha1} resources that metal-operator owns:
 * {@link dev.bootoperator.operator.metal.Server} and
 * {@link dev.bootoperator.operator.metal.ServerBootConfiguration}. Only the fields the boot operator uses
 * are mapped; every other field is kept through a read-modify-write. Their CRDs are generated for tests
 * only: on a real cluster metal-operator installs them.
 */
package dev.bootoperator.operator.metal;
