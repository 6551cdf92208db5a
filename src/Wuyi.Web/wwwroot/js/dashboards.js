// Draws each [data-chart] with Apache ECharts from the figures the server put there (the table under it has the same).
(() => {
    if (!window.echarts) return;
    const palette = ['#b3261e', '#1f6feb', '#2da44e', '#bf8700', '#8250df', '#57606a'];
    const charts = [];
    const drawMap = async (el, spec) => {
        const response = await fetch(spec.map);
        if (!response.ok) { el.remove(); return; } // the sorted bar chart below says the same
        echarts.registerMap(spec.map, await response.json());
        const values = spec.series[0].data;
        const chart = echarts.init(el, null, { renderer: 'svg' });
        chart.setOption({
            animation: false,
            tooltip: { trigger: 'item', formatter: p => `${p.name}：${Number.isNaN(p.value) ? '—' : p.value + '%'}` },
            // From the lowest to the highest unit, so that the differences show; the legend says the figures.
            visualMap: { min: Math.min(...values), max: Math.max(Math.min(...values) + 0.1, ...values), text: [Math.max(...values) + '%', Math.min(...values) + '%'], calculable: false, inRange: { color: ['#fdecea', '#b3261e'] }, left: 8, bottom: 8 },
            series: [{ type: 'map', map: spec.map, roam: false, label: { show: true, fontSize: 10 },
                data: spec.categories.map((name, i) => ({ name, value: values[i] })) }],
        });
        charts.push(chart);
    };
    for (const el of document.querySelectorAll('[data-chart]')) {
        const spec = JSON.parse(el.dataset.chart);
        if (spec.kind === 'map') { drawMap(el, spec); continue; }
        const horizontal = spec.kind === 'hbar';
        const category = { type: 'category', data: spec.categories, axisLabel: { interval: 0, width: horizontal ? 150 : 80, overflow: 'truncate', rotate: !horizontal && spec.categories.length > 8 ? 35 : 0 } };
        const value = { type: 'value', axisLabel: { formatter: spec.percent ? '{value}%' : '{value}' }, };
        const option = {
            color: palette,
            animation: false,
            tooltip: { trigger: 'axis', valueFormatter: v => spec.percent ? v + '%' : v },
            legend: spec.series.length > 1 ? { top: 0 } : undefined,
            grid: { left: 8, right: 24, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
            xAxis: horizontal ? value : category,
            yAxis: horizontal ? { ...category, inverse: true } : value,
            series: spec.series.map(s => ({
                name: s.name, type: spec.kind === 'line' ? 'line' : 'bar', data: s.data, stack: s.stack || undefined,
                label: spec.kind === 'line' || s.stack ? undefined : { show: spec.categories.length <= 40, position: horizontal ? 'right' : 'top', formatter: p => spec.percent ? p.value + '%' : p.value },
            })),
        };
        const chart = echarts.init(el, null, { renderer: 'svg' });
        chart.setOption(option);
        charts.push(chart);
    }
    addEventListener('resize', () => charts.forEach(c => c.resize()));
})();
