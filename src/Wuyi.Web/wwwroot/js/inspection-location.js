// 督导检查: the optional "record the current position" button of the inspection form. Without JavaScript (or without a
// position) the form works the same: the address text is what counts; coordinates are an extra.
(function () {
    var button = document.getElementById('use-location');
    if (!button || !navigator.geolocation) return;
    var lat = document.getElementById('Latitude');
    var lon = document.getElementById('Longitude');
    var status = document.getElementById('location-status');
    button.hidden = false;
    button.addEventListener('click', function () {
        status.textContent = '正在获取位置…';
        navigator.geolocation.getCurrentPosition(function (p) {
            lat.value = p.coords.latitude.toFixed(6);
            lon.value = p.coords.longitude.toFixed(6);
            status.textContent = '已记录坐标 ' + p.coords.latitude.toFixed(5) + ', ' + p.coords.longitude.toFixed(5);
        }, function () {
            status.textContent = '无法获取位置，请填写检查地点即可';
        }, { enableHighAccuracy: true, timeout: 10000 });
    });
})();
