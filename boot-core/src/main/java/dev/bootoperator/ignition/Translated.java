package dev.bootoperator.ignition;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An Ignition config being built, with where each of its parts came from in the Butane config. */
record Translated(ObjectNode config, Provenance provenance) {
}
