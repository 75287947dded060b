// Sends GenAI spans to a QualityWatch collector with the OpenTelemetry JS SDK.
// Usage: node send-spans.mjs <url of /v1/traces> <proto|json> <api key> <provider> <model> <count>
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';

const [url, protocol, apiKey, provider, model, countText] = process.argv.slice(2);
const Exporter = protocol === 'json' ? JsonExporter : ProtoExporter;
const exporter = new Exporter({ url, headers: { 'x-api-key': apiKey } });
const tracerProvider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'js-client', 'cloud.region': 'eu-west-1' }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = tracerProvider.getTracer('qualitywatch-js-test');

for (let i = 0; i < Number(countText); i++) {
  const span = tracer.startSpan(`chat ${model}`, {
    attributes: {
      'gen_ai.provider.name': provider,
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': model,
      'gen_ai.response.model': `${model}-2025`,
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.response.finish_reasons': ['stop'],
    },
  });
  span.end();
}

// A non-LLM span: accepted by the collector, counted as ignored.
tracer.startSpan('GET /health').end();

await tracerProvider.forceFlush();
await tracerProvider.shutdown();
console.log('sent');
