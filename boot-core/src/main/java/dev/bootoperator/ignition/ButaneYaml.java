package dev.bootoperator.ignition;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the first YAML document of a Butane config into {@link YamlNode}s, as go-yaml v3 does for butane:
 * anchors and aliases work, merge keys ({@code <<}) are applied with explicit keys winning, and a key given
 * twice in one mapping is an error. Scalars stay untyped; {@link ButaneDecoder} types them per field.
 */
final class ButaneYaml {
    /** Like go-yaml's alias limits: an alias may not expand a mapping or list too often (billion laughs). */
    private static final int MAX_COLLECTION_ALIASES = 100;
    /** Tags are not used (scalars are typed per field), so the composer's resolver skips its regular expressions. */
    private static final Resolver RESOLVER = new Resolver() {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            return kind == NodeId.sequence ? Tag.SEQ : kind == NodeId.mapping ? Tag.MAP : Tag.STR;
        }
    };

    YamlNode read(byte[] document) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setCodePointLimit(ButaneTranslator.MAX_DOCUMENT_BYTES * 2);
        options.setNestingDepthLimit(100);
        Node root;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(document), StandardCharsets.UTF_8)) {
            // the composer alone: a whole Yaml instance (representers, constructors) costs more than the parse
            Composer composer = new Composer(new ParserImpl(new StreamReader(reader), options), RESOLVER, options);
            root = composer.checkNode() ? composer.getNode() : null;
        } catch (MarkedYAMLException e) {
            throw new ButaneException("", "invalid YAML at " + at(e.getProblemMark()) + ": " + e.getProblem(), e);
        } catch (YAMLException | java.io.IOException e) {
            throw new ButaneException("", "invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return new YamlNode.Scalar("", true, 1, false);
        }
        return convert(root, new IdentityHashMap<>(), 0);
    }

    private YamlNode convert(Node node, Map<Node, YamlNode> done, int depth) {
        YamlNode known = done.get(node);
        if (known != null) {
            return asAlias(known);
        }
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (done.containsKey(node)) { // null marks a node whose conversion is under way
            throw new ButaneException("", "invalid YAML at line " + line + ": an anchor's value contains itself");
        }
        done.put(node, null);
        YamlNode result;
        if (node instanceof ScalarNode scalar) {
            result = new YamlNode.Scalar(scalar.getValue(), scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN, line,
                    false);
        } else if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>(sequence.getValue().size());
            for (Node item : sequence.getValue()) {
                items.add(convert(item, done, depth + 1));
            }
            result = new YamlNode.Sequence(List.copyOf(items), line, false);
        } else {
            result = mapping((MappingNode) node, line, done, depth);
        }
        done.put(node, result);
        return result;
    }

    private YamlNode mapping(MappingNode node, int line, Map<Node, YamlNode> done, int depth) {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        List<YamlNode> merges = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = keyNode.getStartMark() == null ? 0 : keyNode.getStartMark().getLine() + 1;
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                throw new ButaneException("", "invalid YAML at line " + keyLine + ": a mapping key must be a scalar");
            }
            String key = keyScalar.getValue();
            YamlNode value = convert(tuple.getValueNode(), done, depth + 1);
            if (key.equals("<<") && keyScalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                merges.add(value);
                continue;
            }
            Integer earlier = keyLines.putIfAbsent(key, keyLine);
            if (earlier != null) {
                throw new ButaneException("", "invalid YAML at line " + keyLine + ": mapping key \"" + key
                        + "\" already defined at line " + earlier);
            }
            entries.put(key, value);
        }
        java.util.Set<String> merged = new java.util.LinkedHashSet<>();
        for (YamlNode merge : merges) {
            List<YamlNode> sources = merge instanceof YamlNode.Sequence seq ? seq.items() : List.of(merge);
            for (YamlNode source : sources) {
                if (!(source instanceof YamlNode.Mapping m)) {
                    throw new ButaneException("", "invalid YAML at line " + source.line()
                            + ": map merge requires map or sequence of maps as the value");
                }
                m.entries().forEach((k, v) -> {
                    if (entries.putIfAbsent(k, v) == null) {
                        merged.add(k);
                    }
                });
            }
        }
        return new YamlNode.Mapping(java.util.Collections.unmodifiableMap(entries), line, false,
                java.util.Collections.unmodifiableSet(merged), !merges.isEmpty());
    }

    /** A second reference to an anchored node: the same value, marked as an alias, at the alias's line. */
    private static YamlNode asAlias(YamlNode anchored) {
        int line = anchored.line(); // SnakeYAML hands back the anchored node itself, so its line is all there is
        if (anchored instanceof YamlNode.Scalar s) {
            return new YamlNode.Scalar(s.value(), s.plain(), line, true);
        } else if (anchored instanceof YamlNode.Sequence s) {
            return new YamlNode.Sequence(s.items(), line, true);
        }
        YamlNode.Mapping m = (YamlNode.Mapping) anchored;
        return new YamlNode.Mapping(m.entries(), line, true, m.merged(), m.mergeKey());
    }

    private static String at(Mark mark) {
        return mark == null ? "an unknown position" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
