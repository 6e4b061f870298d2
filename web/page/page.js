// Chorus's own page: one <chorus-analyzer> (the same element any site can embed) between a masthead and a
// footer. The address's switches for tests and benchmarks become the element's attributes before it starts:
// ?sample=0 starts empty, ?helpers=N sets the extra workers, ?simd=0 loads the build without wasm SIMD128.
const analyzer = document.getElementById('analyzer');
const params = new URLSearchParams(location.search);
if (params.get('sample') === '0') analyzer.removeAttribute('src');
if (params.has('helpers')) analyzer.setAttribute('helpers', params.get('helpers'));
if (params.get('simd') === '0') analyzer.setAttribute('simd', 'off');
await import('../chorus-analyzer.js');
