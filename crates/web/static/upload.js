(() => {
  const form = document.getElementById('upload');
  const bar = document.getElementById('upload-progress');
  const status = document.getElementById('upload-status');
  const error = document.getElementById('upload-error');
  form.addEventListener('submit', event => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    bar.hidden = false;
    bar.value = 0;
    error.textContent = '';
    request.upload.onprogress = e => {
      if (e.lengthComputable) {
        bar.value = Math.round(e.loaded * 100 / e.total);
        status.textContent = '上传中 ' + bar.value + '%';
      }
    };
    request.upload.onload = () => { bar.value = 100; status.textContent = '已上传，正在识别和审核…'; };
    request.onload = () => {
      if (request.status < 400) {
        window.location.href = request.responseURL;
        return;
      }
      const page = new DOMParser().parseFromString(request.responseText, 'text/html');
      const message = page.getElementById('upload-error') || page.querySelector('main p');
      error.textContent = message ? message.textContent : '上传失败（' + request.status + '）';
      status.textContent = '';
      bar.hidden = true;
    };
    request.onerror = () => { error.textContent = '网络错误，上传没有完成，请重试。'; bar.hidden = true; };
    request.send(new FormData(form));
  });
})();
