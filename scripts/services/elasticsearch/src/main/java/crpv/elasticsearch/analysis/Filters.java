package crpv.elasticsearch.analysis;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.bg.BulgarianStemFilter;
import org.apache.lucene.analysis.bn.BengaliStemFilter;
import org.apache.lucene.analysis.br.BrazilianStemFilter;
import org.apache.lucene.analysis.ckb.SoraniStemFilter;
import org.apache.lucene.analysis.cz.CzechStemFilter;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.de.GermanMinimalStemFilter;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.el.GreekStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.fa.PersianStemFilter;
import org.apache.lucene.analysis.fi.FinnishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.gl.GalicianMinimalStemFilter;
import org.apache.lucene.analysis.gl.GalicianStemFilter;
import org.apache.lucene.analysis.hi.HindiStemFilter;
import org.apache.lucene.analysis.hu.HungarianLightStemFilter;
import org.apache.lucene.analysis.id.IndonesianStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.EmptyTokenStream;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemFilter;
import org.apache.lucene.analysis.no.NorwegianLightStemmer;
import org.apache.lucene.analysis.no.NorwegianMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseMinimalStemFilter;
import org.apache.lucene.analysis.pt.PortugueseStemFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sv.SwedishLightStemFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/** The configurable token filters: one small factory per analysis-common filter type. */
final class Filters {

    private Filters() {}

    /** {@code elision}: {@code articles} (or {@code articles_path}) required, {@code articles_case}. */
    static final class Elision extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final CharArraySet articles;

        Elision(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            // Reads "articles" / "articles_path" and honours "articles_case" (default false).
            this.articles = Analysis.parseArticles(env, settings);
            if (articles == null) {
                throw new IllegalArgumentException("elision filter requires [articles] or [articles_path] setting");
            }
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new ElisionFilter(tokenStream, articles);
        }
    }

    /** {@code asciifolding}: {@code preserve_original} (default false). */
    static final class AsciiFolding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFolding(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new ASCIIFoldingFilter(tokenStream, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream tokenStream) {
            // A normalizer must produce exactly one token.
            return new ASCIIFoldingFilter(tokenStream, false);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            if (preserveOriginal == false) {
                return this;
            }
            // Stacked tokens cannot be parsed as synonym rules (LUCENE-7536): fold only.
            String name = name();
            return new TokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream tokenStream) {
                    return new ASCIIFoldingFilter(tokenStream, false);
                }
            };
        }
    }

    /** {@code lowercase}: optional {@code language} greek, irish or turkish. */
    static final class LowerCase extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final String language;

        LowerCase(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.language = settings.get("language", null);
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            if (language == null) {
                return new LowerCaseFilter(tokenStream);
            } else if (language.equalsIgnoreCase("greek")) {
                return new GreekLowerCaseFilter(tokenStream);
            } else if (language.equalsIgnoreCase("irish")) {
                return new IrishLowerCaseFilter(tokenStream);
            } else if (language.equalsIgnoreCase("turkish")) {
                return new TurkishLowerCaseFilter(tokenStream);
            }
            throw new IllegalArgumentException("language [" + language + "] not support for lower case");
        }
    }

    /** {@code truncate}: {@code length} required (> 0). */
    static final class Truncate extends AbstractTokenFilterFactory {
        private final int length;

        Truncate(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.length = settings.getAsInt("length", -1);
            if (length <= 0) {
                throw new IllegalArgumentException("length parameter must be provided");
            }
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new TruncateTokenFilter(tokenStream, length);
        }
    }

    /** {@code ngram}: {@code min_gram} 1, {@code max_gram} 2, within {@code index.max_ngram_diff}; {@code preserve_original}. */
    static final class NGram extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;

        NGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = settings.getAsInt("max_gram", 2);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
            checkNGramDiff(indexSettings, minGram, maxGram);
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return new NGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }

    /** {@code edge_ngram}: {@code min_gram} 1, {@code max_gram} 2, {@code side} front|back, {@code preserve_original}. */
    static final class EdgeNGram extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean back;
        private final boolean preserveOriginal;

        EdgeNGram(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            this.minGram = settings.getAsInt("min_gram", 1);
            this.maxGram = settings.getAsInt("max_gram", 2);
            String side = settings.get("side", "front");
            switch (side) {
                case "front" -> back = false;
                case "back" -> back = true;
                default -> throw new IllegalArgumentException("invalid side: " + side);
            }
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            // Lucene dropped side=back: reversing before and after is equivalent.
            TokenStream result = back ? new ReverseStringFilter(tokenStream) : tokenStream;
            result = new EdgeNGramTokenFilter(result, minGram, maxGram, preserveOriginal);
            return back ? new ReverseStringFilter(result) : result;
        }

        @Override
        public boolean breaksFastVectorHighlighter() {
            return true;
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            throw new IllegalArgumentException("Token filter [" + name() + "] cannot be used to parse synonyms");
        }
    }

    /** Same limit, same message as analysis-common (index.max_ngram_diff, default 1). */
    static void checkNGramDiff(IndexSettings indexSettings, int minGram, int maxGram) {
        int maxAllowed = indexSettings.getMaxNgramDiff();
        int diff = maxGram - minGram;
        if (diff > maxAllowed) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in NGram Tokenizer must be less than or equal to: ["
                    + maxAllowed
                    + "] but was ["
                    + diff
                    + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                    + "] index level setting."
            );
        }
    }

    /**
     * {@code stemmer}: {@code language} (or {@code name}), default {@code porter}; the names of
     * analysis-common, case-insensitive (light_french / lightFrench, minimal_french, french, ...).
     * Any other name is tried as a Snowball stemmer class, as analysis-common does.
     */
    static final class Stemmer extends AbstractTokenFilterFactory {
        private static final Map<String, UnaryOperator<TokenStream>> STEMMERS = new HashMap<>();

        private static void add(UnaryOperator<TokenStream> stemmer, String... names) {
            for (String n : names) {
                STEMMERS.put(n.toLowerCase(Locale.ROOT), stemmer);
            }
        }

        private static UnaryOperator<TokenStream> snowball(String stemmer) {
            return ts -> new SnowballFilter(ts, stemmer);
        }

        static {
            add(ArabicStemFilter::new, "arabic");
            add(snowball("Armenian"), "armenian");
            add(snowball("Basque"), "basque");
            add(BengaliStemFilter::new, "bengali");
            add(BrazilianStemFilter::new, "brazilian");
            add(BulgarianStemFilter::new, "bulgarian");
            add(snowball("Catalan"), "catalan");
            add(CzechStemFilter::new, "czech");
            add(snowball("Danish"), "danish");
            add(snowball("Dutch"), "dutch");
            add(snowball("Kp"), "dutch_kp", "dutchKp", "kp");
            add(PorterStemFilter::new, "english", "porter");
            add(KStemFilter::new, "light_english", "lightEnglish", "kstem");
            add(snowball("Lovins"), "lovins");
            add(snowball("English"), "porter2");
            add(EnglishMinimalStemFilter::new, "minimal_english", "minimalEnglish");
            add(EnglishPossessiveFilter::new, "possessive_english", "possessiveEnglish");
            add(snowball("Estonian"), "estonian");
            add(snowball("Finnish"), "finnish");
            add(FinnishLightStemFilter::new, "light_finish", "lightFinish", "light_finnish", "lightFinnish");
            add(snowball("French"), "french");
            add(FrenchLightStemFilter::new, "light_french", "lightFrench");
            add(FrenchMinimalStemFilter::new, "minimal_french", "minimalFrench");
            add(GalicianStemFilter::new, "galician");
            add(GalicianMinimalStemFilter::new, "minimal_galician");
            add(snowball("German"), "german");
            add(snowball("German2"), "german2");
            add(GermanLightStemFilter::new, "light_german", "lightGerman");
            add(GermanMinimalStemFilter::new, "minimal_german", "minimalGerman");
            add(GreekStemFilter::new, "greek");
            add(HindiStemFilter::new, "hindi");
            add(snowball("Hungarian"), "hungarian");
            add(HungarianLightStemFilter::new, "light_hungarian", "lightHungarian");
            add(IndonesianStemFilter::new, "indonesian");
            add(snowball("Irish"), "irish");
            add(snowball("Italian"), "italian");
            add(ItalianLightStemFilter::new, "light_italian", "lightItalian");
            add(LatvianStemFilter::new, "latvian");
            add(snowball("Lithuanian"), "lithuanian");
            add(snowball("Norwegian"), "norwegian");
            add(NorwegianLightStemFilter::new, "light_norwegian", "lightNorwegian");
            add(NorwegianMinimalStemFilter::new, "minimal_norwegian", "minimalNorwegian");
            add(ts -> new NorwegianLightStemFilter(ts, NorwegianLightStemmer.NYNORSK), "light_nynorsk", "lightNynorsk");
            add(ts -> new NorwegianMinimalStemFilter(ts, NorwegianLightStemmer.NYNORSK), "minimal_nynorsk", "minimalNynorsk");
            add(PersianStemFilter::new, "persian");
            add(snowball("Portuguese"), "portuguese");
            add(PortugueseLightStemFilter::new, "light_portuguese", "lightPortuguese");
            add(PortugueseMinimalStemFilter::new, "minimal_portuguese", "minimalPortuguese");
            add(PortugueseStemFilter::new, "portuguese_rslp");
            add(snowball("Romanian"), "romanian");
            add(snowball("Russian"), "russian");
            add(RussianLightStemFilter::new, "light_russian", "lightRussian");
            add(snowball("Serbian"), "serbian");
            add(snowball("Spanish"), "spanish");
            add(SpanishLightStemFilter::new, "light_spanish", "lightSpanish");
            add(SpanishPluralStemFilter::new, "spanish_plural");
            add(SoraniStemFilter::new, "sorani");
            add(snowball("Swedish"), "swedish");
            add(SwedishLightStemFilter::new, "light_swedish", "lightSwedish");
            add(snowball("Turkish"), "turkish");
        }

        private final UnaryOperator<TokenStream> stemmer;

        Stemmer(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            String language = settings.get("language", settings.get("name", "porter"));
            UnaryOperator<TokenStream> known = STEMMERS.get(language.toLowerCase(Locale.ROOT));
            if (known == null) {
                // analysis-common's last resort: a Snowball stemmer class of that (capitalised) name.
                String snowballName = language.isEmpty() ? language : Character.toUpperCase(language.charAt(0)) + language.substring(1);
                known = snowball(snowballName);
            }
            this.stemmer = known;
            // Fail at index creation, not at first use, for an unknown language.
            try (TokenStream probe = stemmer.apply(new EmptyTokenStream())) {
                assert probe != null;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown language [" + language + "] for stemmer token filter [" + name + "]", e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            return stemmer.apply(tokenStream);
        }
    }
}
