package dev.bootoperator.ignition;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Butane YAML document into a tree. Duplicate keys, aliases (which Jackson would read as the alias
 * name), several documents and non-mapping roots are errors; syntax errors carry the YAML line and column.
 */
final class ButaneYaml {
    private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    ObjectNode read(byte[] document) {
        rejectAliasesAndExtraDocuments(document);
        JsonNode root;
        try (JsonParser parser = yaml.createParser(document)) {
            root = yaml.readTree(parser);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new ButaneException("", "cannot read Butane document: " + e.getMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new ButaneException("", "empty Butane document; expected a mapping with variant and version");
        }
        if (!root.isObject()) {
            throw new ButaneException("", "a Butane document must be a mapping but found " + Schema.describe(root));
        }
        return (ObjectNode) root;
    }

    private void rejectAliasesAndExtraDocuments(byte[] document) {
        try (JsonParser parser = yaml.createParser(document)) {
            int depth = 0;
            int documents = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (depth == 0 && ++documents > 1) {
                    throw new ButaneException("", "multiple YAML documents are not supported; a second one starts at "
                            + at(parser.currentTokenLocation()));
                }
                if (((YAMLParser) parser).isCurrentAlias()) {
                    throw new ButaneException("", "YAML aliases are not supported (alias *" + parser.getText()
                            + " at " + at(parser.currentTokenLocation()) + ")");
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new ButaneException("", "cannot read Butane document: " + e.getMessage(), e);
        }
    }

    /** SnakeYAML's own problem mark is more precise than Jackson's token location, so prefer it. */
    private static ButaneException invalid(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String where = null;
        Matcher mark = MARK.matcher(original);
        while (mark.find()) {
            where = "line " + mark.group(1) + ", column " + mark.group(2);
        }
        if (where == null) {
            where = at(e.getLocation());
        }
        return new ButaneException("", "invalid YAML at " + where + ": " + problem(original), e);
    }

    /** Keeps SnakeYAML's problem sentences and drops its indented source excerpts and marks. */
    private static String problem(String message) {
        List<String> sentences = new ArrayList<>();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                sentences.add(line.strip());
            }
        }
        return sentences.isEmpty() ? message.strip() : String.join("; ", sentences);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
