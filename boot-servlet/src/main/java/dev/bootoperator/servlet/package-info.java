/**
 * Jakarta Servlet 6.0 adapters for boot-core: {@link dev.bootoperator.servlet.BootServlet} translates servlet
 * requests to {@link dev.bootoperator.boot.BootRequest} and copies the {@link dev.bootoperator.boot.BootResponse}
 * back. No decision is made here. Nothing in this package returns or accepts {@code null}.
 */
package dev.bootoperator.servlet;
