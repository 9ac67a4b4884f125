package crpv.elasticsearch.analysis;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

/**
 * {@code synonym} and {@code synonym_graph}: rules inline ({@code synonyms}) or in a file under
 * the config folder ({@code synonyms_path}), Solr format (default) or {@code format: wordnet};
 * {@code expand} (default true), {@code lenient} (default: the value of {@code updateable}),
 * {@code updateable} (search-time only, reloadable).
 *
 * <p>As in analysis-common the rules are parsed by the analysis chain they sit in: the
 * tokenizer, the char filters and the token filters that precede the synonym filter (each in
 * its {@link TokenFilterFactory#getSynonymFilter()} form), so "QPV, quartier prioritaire" is
 * elided, lowercased and folded exactly like the text it is matched against. Hence the
 * {@link #getChainAwareTokenFilterFactory} override; the bare factory cannot create streams.
 *
 * <p>Not supported: {@code synonyms_set} (rules stored in the .synonyms system index, which
 * needs the synonyms management service of analysis-common).
 */
final class Synonyms {

    private Synonyms() {}

    private static final Logger LOGGER = LogManager.getLogger(Synonyms.class);

    static final class Factory extends AbstractTokenFilterFactory {
        private final Environment environment;
        private final Settings settings;
        private final boolean graph;
        private final boolean expand;
        private final boolean lenient;
        private final boolean wordnet;
        private final AnalysisMode analysisMode;

        Factory(IndexSettings indexSettings, Environment environment, String name, Settings settings, boolean graph) {
            super(name, settings);
            this.environment = environment;
            this.settings = settings;
            this.graph = graph;
            if (settings.hasValue("synonyms") == false && settings.hasValue("synonyms_path") == false) {
                if (settings.hasValue("synonyms_set")) {
                    throw new IllegalArgumentException(
                        "[synonyms_set] is not supported by the crpv-analysis plugin (no synonyms API on this node); "
                            + "use [synonyms] or [synonyms_path]"
                    );
                }
                throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
            }
            this.expand = settings.getAsBoolean("expand", true);
            this.wordnet = "wordnet".equalsIgnoreCase(settings.get("format", ""));
            boolean updateable = settings.getAsBoolean("updateable", false);
            this.lenient = settings.getAsBoolean("lenient", updateable);
            this.analysisMode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        }

        @Override
        public AnalysisMode getAnalysisMode() {
            return analysisMode;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            SynonymMap synonyms = buildSynonyms(tokenizer, charFilters, previousTokenFilters);
            String name = name();
            boolean graph = this.graph;
            AnalysisMode analysisMode = this.analysisMode;
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream tokenStream) {
                    if (synonyms.fst == null) {
                        return tokenStream; // no rule survived parsing
                    }
                    return graph ? new SynonymGraphFilter(tokenStream, synonyms, false) : new SynonymFilter(tokenStream, synonyms, false);
                }

                @Override
                public TokenFilterFactory getSynonymFilter() {
                    // A later synonym filter in the same chain parses its rules without this one.
                    return IDENTITY_FILTER;
                }

                @Override
                public AnalysisMode getAnalysisMode() {
                    return analysisMode;
                }
            };
        }

        private SynonymMap buildSynonyms(TokenizerFactory tokenizer, List<CharFilterFactory> charFilters, List<TokenFilterFactory> previous) {
            String origin;
            Reader rules;
            if (settings.hasValue("synonyms")) {
                origin = "'" + name() + "' analyzer settings";
                // Same reader as analysis-common: one rule per line, '#' comment lines dropped.
                StringBuilder sb = new StringBuilder();
                for (String line : Analysis.getWordList(environment, settings, "synonyms")) {
                    sb.append(line).append(System.lineSeparator());
                }
                rules = new StringReader(sb.toString());
            } else {
                origin = settings.get("synonyms_path");
                rules = Analysis.getReaderFromFile(environment, origin, "synonyms");
            }
            TokenFilterFactory[] chain = previous.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new);
            try (Analyzer analyzer = new CustomAnalyzer(tokenizer, charFilters.toArray(new CharFilterFactory[0]), chain); Reader in = rules) {
                if (wordnet) {
                    LenientWordnetParser parser = new LenientWordnetParser(expand, lenient, analyzer);
                    parser.parse(in);
                    return parser.build();
                }
                LenientSolrParser parser = new LenientSolrParser(expand, lenient, analyzer);
                parser.parse(in);
                return parser.build();
            } catch (Exception e) {
                throw new IllegalArgumentException("failed to build synonyms from [" + origin + "]", e);
            }
        }
    }

    /*
     * lenient=true: a rule term the analysis chain cannot turn into tokens (it becomes empty,
     * e.g. a stop word, or yields stacked tokens) is skipped with an info log instead of failing
     * the whole index creation; the other terms of the rule are kept.
     */

    interface RuleAnalysis {
        CharsRef run() throws IOException;
    }

    /** A rule term the chain rejects: an error, or (lenient) an empty term the rule then drops. */
    static CharsRef leniently(boolean lenient, String text, RuleAnalysis analysis) throws IOException {
        try {
            return analysis.run();
        } catch (IllegalArgumentException e) {
            if (lenient == false) {
                throw e;
            }
            LOGGER.info("Synonym rule for [{}] was ignored", text);
            return new CharsRef("");
        }
    }

    static boolean keeps(boolean lenient, CharsRef input, CharsRef output) {
        return lenient == false || (input.length > 0 && output.length > 0);
    }

    static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (keeps(lenient, input, output)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            return leniently(lenient, text, () -> super.analyze(text, reuse));
        }
    }

    static final class LenientWordnetParser extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnetParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (keeps(lenient, input, output)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            return leniently(lenient, text, () -> super.analyze(text, reuse));
        }
    }
}
