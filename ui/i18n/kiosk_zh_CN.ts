<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>kiosk</name>
    <message>
        <source>Self-service tax terminal</source>
        <translation>自助办税终端</translation>
    </message>
    <message>
        <source>Place your ID card on the reader below to start</source>
        <translation>请将身份证放在下方读卡区开始办理</translation>
    </message>
    <message>
        <source>The ID card reader is out of order. Please ask staff for help.</source>
        <translation>身份证读卡器暂时故障，请联系工作人员</translation>
    </message>
    <message>
        <source>Reading your ID card…</source>
        <translation>正在读取身份证…</translation>
    </message>
    <message>
        <source>Keep the card on the reader until the next screen appears</source>
        <translation>请勿移动身份证，直到出现下一屏</translation>
    </message>
    <message>
        <source>The card was lifted before it could be read.</source>
        <translation>身份证过早拿开，未能读取</translation>
    </message>
    <message>
        <source>The ID card could not be read.</source>
        <translation>未能读取身份证</translation>
    </message>
    <message>
        <source>Place the card flat on the reader again and keep it still.</source>
        <translation>请将身份证重新平放在读卡区，保持不动</translation>
    </message>
    <message>
        <source>Please take your ID card from the reader</source>
        <translation>请取走您的身份证</translation>
    </message>
    <message>
        <source>Printing is unavailable right now – queries and payments still work.</source>
        <translation>打印暂不可用——查询和缴款仍可办理</translation>
    </message>
    <message>
        <source>The printer paper is running low.</source>
        <translation>打印纸即将用完。</translation>
    </message>
    <message>
        <source>The ID card reader is out of order – please ask staff for help.</source>
        <translation>身份证读卡器故障——请联系工作人员</translation>
    </message>
    <message>
        <source>No printout is available at the moment</source>
        <translation>目前无法打印</translation>
    </message>
    <message>
        <source>You can continue: what you do is saved, and the slip can be printed free of charge later at any kiosk or counter.</source>
        <translation>您可以继续办理：办理结果会保存，凭条可稍后在任一终端或窗口免费补打。</translation>
    </message>
    <message>
        <source>Choose a service</source>
        <translation>请选择业务</translation>
    </message>
    <message>
        <source>Tap a service to begin</source>
        <translation>点击要办理的业务</translation>
    </message>
    <message>
        <source>Hello, {name}  ({id})</source>
        <translation>您好，{name}（{id}）</translation>
    </message>
    <message>
        <source>No printout today</source>
        <translation>今日无法打印</translation>
    </message>
    <message>
        <source>Certificates and records</source>
        <translation>完税证明与纳税记录</translation>
    </message>
    <message>
        <source>IIT annual reconciliation</source>
        <translation>个税年度汇算</translation>
    </message>
    <message>
        <source>Taxes due and payment</source>
        <translation>应缴税费与缴款</translation>
    </message>
    <message>
        <source>Rental invoice</source>
        <translation>房屋出租代开发票</translation>
    </message>
    <message>
        <source>Queue ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Queries</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Back to menu</source>
        <translation>返回菜单</translation>
    </message>
    <message>
        <source>Calculate</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Continue without printing</source>
        <translation>不打印，继续</translation>
    </message>
    <message>
        <source>This is correct</source>
        <translation>信息无误</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>标准字号</translation>
    </message>
    <message>
        <source>Pay {amount}</source>
        <translation>支付 {amount}</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Issue without printing</source>
        <translation>开具（不打印）</translation>
    </message>
    <message>
        <source>Print again (free)</source>
        <translation>免费重新打印</translation>
    </message>
    <message>
        <source>Queue ticket without ID card</source>
        <translation>无身份证取号</translation>
    </message>
    <message>
        <source>Another service</source>
        <translation>办理其他业务</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>I am still here</source>
        <translation>我还在，继续办理</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证明类型</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>选择记录</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Income</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Deductions</source>
        <translation>扣除</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>计算结果</translation>
    </message>
    <message>
        <source>Declare</source>
        <translation>承诺提交</translation>
    </message>
    <message>
        <source>Taxes due</source>
        <translation>应缴税费</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>支付</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>承租方</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>房屋</translation>
    </message>
    <message>
        <source>Rent</source>
        <translation>租金</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>查询内容</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation>第 {n} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation>请稍候…</translation>
    </message>
    <message>
        <source>Asking the tax system…</source>
        <translation>正在连接税务系统…</translation>
    </message>
    <message>
        <source>Checking your identity…</source>
        <translation>正在核验身份…</translation>
    </message>
    <message>
        <source>Looking up your payment records…</source>
        <translation>正在查询缴税记录…</translation>
    </message>
    <message>
        <source>Looking up taxes due…</source>
        <translation>正在查询应缴税费…</translation>
    </message>
    <message>
        <source>Preparing your document…</source>
        <translation>正在生成文书…</translation>
    </message>
    <message>
        <source>Printing… please wait</source>
        <translation>正在打印，请稍候…</translation>
    </message>
    <message>
        <source>Calculating…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Submitting your declaration…</source>
        <translation>正在提交申报…</translation>
    </message>
    <message>
        <source>Preparing the payment…</source>
        <translation>正在生成支付订单…</translation>
    </message>
    <message>
        <source>Cancelling the payment…</source>
        <translation>正在取消支付…</translation>
    </message>
    <message>
        <source>Taking your number…</source>
        <translation>正在取号…</translation>
    </message>
    <message>
        <source>Which document do you need?</source>
        <translation>您需要哪种证明？</translation>
    </message>
    <message>
        <source>Tax payment certificate</source>
        <translation>税收完税证明</translation>
    </message>
    <message>
        <source>For chosen payments</source>
        <translation>按所选缴款开具</translation>
    </message>
    <message>
        <source>IIT income record</source>
        <translation>个人所得税纳税记录</translation>
    </message>
    <message>
        <source>All income tax in a period</source>
        <translation>一段期间的全部个税</translation>
    </message>
    <message>
        <source>Which period?</source>
        <translation>请选择期间</translation>
    </message>
    <message>
        <source>Tap the payments to include</source>
        <translation>点击选择要开具的缴款记录</translation>
    </message>
    <message>
        <source>No payments were found in this period.</source>
        <translation>该期间没有缴款记录。</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Select none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>缴款笔数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Check and print</source>
        <translation>请核对后打印</translation>
    </message>
    <message>
        <source>Your document is ready.</source>
        <translation>证明已开具。</translation>
    </message>
    <message>
        <source>Your document is issued but was not printed.</source>
        <translation>证明已开具，但未打印。</translation>
    </message>
    <message>
        <source>An A4 copy has been saved for the counter.</source>
        <translation>A4 版本已保存，可到窗口打印。</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>去年</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Last 3 years</source>
        <translation>最近 3 年</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>办理完成</translation>
    </message>
    <message>
        <source>Not printed: you can reprint it free of charge under Queries, or ask staff.</source>
        <translation>未打印：可在“查询”中免费补打，或联系工作人员。</translation>
    </message>
    <message>
        <source>Back to the start in {seconds} s</source>
        <translation>{seconds} 秒后返回首页</translation>
    </message>
    <message>
        <source>Please take your ID card and your slip</source>
        <translation>请取走您的身份证和凭条</translation>
    </message>
    <message>
        <source>Please take your ID card</source>
        <translation>请取走您的身份证</translation>
    </message>
    <message>
        <source>Please take your slip</source>
        <translation>请取走您的凭条</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <source>Your card could not be read</source>
        <translation>未能读取身份证</translation>
    </message>
    <message>
        <source>We could not start your session</source>
        <translation>无法开始办理</translation>
    </message>
    <message>
        <source>Please ask staff for help at the counter.</source>
        <translation>请到窗口联系工作人员。</translation>
    </message>
    <message>
        <source>The payment did not go through</source>
        <translation>支付未完成</translation>
    </message>
    <message>
        <source>The printer stopped while printing</source>
        <translation>打印中断</translation>
    </message>
    <message>
        <source>Your slip could not be printed</source>
        <translation>凭条未能打印</translation>
    </message>
    <message>
        <source>What you did is saved.</source>
        <translation>您的办理结果已保存。</translation>
    </message>
    <message>
        <source>The slip can be reprinted free of charge.</source>
        <translation>凭条可以免费补打。</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask staff.</source>
        <translation>出现问题，请重试或联系工作人员。</translation>
    </message>
    <message>
        <source>Something went wrong on our side. Please try again or ask staff.</source>
        <translation>系统出现问题，请重试或联系工作人员。</translation>
    </message>
    <message>
        <source>The kiosk is not set up correctly. Please ask staff.</source>
        <translation>终端配置有误，请联系工作人员。</translation>
    </message>
    <message>
        <source>That entry cannot be used. Please check it.</source>
        <translation>输入内容无法使用，请检查。</translation>
    </message>
    <message>
        <source>The kiosk cannot reach its records right now.</source>
        <translation>暂时无法访问数据，请稍后再试。</translation>
    </message>
    <message>
        <source>Nothing was found.</source>
        <translation>未找到相关信息。</translation>
    </message>
    <message>
        <source>We have no tax records for this ID card.</source>
        <translation>未找到该身份证对应的纳税人信息。</translation>
    </message>
    <message>
        <source>The tax system is not answering right now.</source>
        <translation>税务系统暂时无响应。</translation>
    </message>
    <message>
        <source>Your session has ended. Please start again.</source>
        <translation>办理已结束，请重新开始。</translation>
    </message>
    <message>
        <source>Another session is still open. Please ask staff.</source>
        <translation>仍有未结束的办理，请联系工作人员。</translation>
    </message>
    <message>
        <source>Something went wrong on our side. Please ask staff.</source>
        <translation>系统状态异常，请联系工作人员。</translation>
    </message>
    <message>
        <source>The payment could not be made.</source>
        <translation>支付未能完成。</translation>
    </message>
    <message>
        <source>A payment is already in progress.</source>
        <translation>已有支付正在进行。</translation>
    </message>
    <message>
        <source>The declaration text has changed. Please read it again.</source>
        <translation>承诺书内容已更新，请重新阅读。</translation>
    </message>
    <message>
        <source>This has already been paid.</source>
        <translation>该款项已缴纳。</translation>
    </message>
    <message>
        <source>This year&apos;s reconciliation was already submitted.</source>
        <translation>该年度汇算已提交。</translation>
    </message>
    <message>
        <source>That period cannot be used.</source>
        <translation>所选期间无效。</translation>
    </message>
    <message>
        <source>That document was not found.</source>
        <translation>未找到该文书。</translation>
    </message>
    <message>
        <source>The document could not be issued.</source>
        <translation>文书未能开具。</translation>
    </message>
    <message>
        <source>You have no taxes due.</source>
        <translation>您没有应缴税费。</translation>
    </message>
    <message>
        <source>No income is on file for that year.</source>
        <translation>该年度没有收入记录。</translation>
    </message>
    <message>
        <source>There is nothing to pay.</source>
        <translation>无需缴款。</translation>
    </message>
    <message>
        <source>That payment was not found.</source>
        <translation>未找到该支付订单。</translation>
    </message>
    <message>
        <source>That payment has not been received.</source>
        <translation>该笔款项尚未支付。</translation>
    </message>
    <message>
        <source>Please enter the full address of the property.</source>
        <translation>请输入完整的房屋地址。</translation>
    </message>
    <message>
        <source>The queue system is busy. Please try again.</source>
        <translation>排队系统繁忙，请重试。</translation>
    </message>
    <message>
        <source>No more numbers can be taken today for this service.</source>
        <translation>该业务今日号源已满。</translation>
    </message>
    <message>
        <source>That service is not available.</source>
        <translation>该业务暂不可办理。</translation>
    </message>
    <message>
        <source>The staff code or the PIN is not right.</source>
        <translation>工号或密码不正确。</translation>
    </message>
    <message>
        <source>This staff code is locked for a while after wrong PINs. Wait, or use another staff code.</source>
        <translation>此工号因密码输错次数过多，已暂时锁定。请稍候，或使用其他工号。</translation>
    </message>
    <message>
        <source>The device is not answering.</source>
        <translation>设备无响应。</translation>
    </message>
    <message>
        <source>The device is offline.</source>
        <translation>设备处于离线状态。</translation>
    </message>
    <message>
        <source>The device has a fault. Please ask staff for help.</source>
        <translation>设备故障，请联系工作人员。</translation>
    </message>
    <message>
        <source>The device&apos;s connection is faulty. Please ask staff for help.</source>
        <translation>设备连接异常，请联系工作人员。</translation>
    </message>
    <message>
        <source>The printer&apos;s paper cutter is stuck.</source>
        <translation>打印机切纸刀卡住了。</translation>
    </message>
    <message>
        <source>The printer is cooling down. Please wait a moment.</source>
        <translation>打印机正在降温，请稍候。</translation>
    </message>
    <message>
        <source>The printer stopped and is getting ready again.</source>
        <translation>打印机已暂停，正在恢复。</translation>
    </message>
    <message>
        <source>The ID card reader&apos;s security module has failed. Please ask staff for help.</source>
        <translation>身份证读卡器的安全模块故障，请联系工作人员。</translation>
    </message>
    <message>
        <source>The ID card reader is not authorised to read cards. Please ask staff for help.</source>
        <translation>身份证读卡器未获读卡授权，请联系工作人员。</translation>
    </message>
    <message>
        <source>The ID card reader had a problem.</source>
        <translation>身份证读卡器出现故障。</translation>
    </message>
    <message>
        <source>The card reader sent something that could not be understood.</source>
        <translation>读卡器返回的数据无法识别。</translation>
    </message>
    <message>
        <source>The information on this card could not be read correctly.</source>
        <translation>未能正确读取此证件上的信息。</translation>
    </message>
    <message>
        <source>The ID number on this card is not valid.</source>
        <translation>此证件上的身份证号码无效。</translation>
    </message>
    <message>
        <source>The ID card reader is not connected.</source>
        <translation>身份证读卡器未连接。</translation>
    </message>
    <message>
        <source>The card took too long to read: hold it still on the reader.</source>
        <translation>读卡超时：请将证件放在读卡区并保持不动。</translation>
    </message>
    <message>
        <source>The card reader&apos;s connection is disturbed.</source>
        <translation>读卡器连接受到干扰。</translation>
    </message>
    <message>
        <source>The card reader gave an unexpected answer.</source>
        <translation>读卡器应答异常。</translation>
    </message>
    <message>
        <source>No card was found on the reader.</source>
        <translation>读卡区没有发现证件。</translation>
    </message>
    <message>
        <source>The card reader could not check this card.</source>
        <translation>读卡器未能校验此证件。</translation>
    </message>
    <message>
        <source>The card reader had a transmission error.</source>
        <translation>读卡器传输出错。</translation>
    </message>
    <message>
        <source>The card reader received an incomplete request.</source>
        <translation>读卡器收到的指令不完整。</translation>
    </message>
    <message>
        <source>The card reader does not support this request.</source>
        <translation>读卡器不支持此操作。</translation>
    </message>
    <message>
        <source>The card reader refused to read this card.</source>
        <translation>读卡器拒绝读取此证件。</translation>
    </message>
    <message>
        <source>The card reader reported an unknown problem.</source>
        <translation>读卡器报告了未知故障。</translation>
    </message>
    <message>
        <source>The card could not be checked: take it off and place it again.</source>
        <translation>证件校验未通过：请取下后重新放置。</translation>
    </message>
    <message>
        <source>The reader could not confirm that this card is genuine.</source>
        <translation>读卡器无法确认此证件的真伪。</translation>
    </message>
    <message>
        <source>The information on this card could not be verified.</source>
        <translation>此证件的信息校验未通过。</translation>
    </message>
    <message>
        <source>This type of card cannot be read here.</source>
        <translation>本机不能读取此类证件。</translation>
    </message>
    <message>
        <source>The card could not be read: hold it still on the reader.</source>
        <translation>未能读取证件：请将证件放在读卡区并保持不动。</translation>
    </message>
    <message>
        <source>The reader could not talk to the card securely.</source>
        <translation>读卡器未能与证件建立安全连接。</translation>
    </message>
    <message>
        <source>The card reader is out of order. Please ask staff for help.</source>
        <translation>读卡器故障，请联系工作人员。</translation>
    </message>
    <message>
        <source>The card reader is not allowed to read cards. Please ask staff for help.</source>
        <translation>读卡器未获读卡许可，请联系工作人员。</translation>
    </message>
    <message>
        <source>The reader could not find the card: lay it flat in the middle of the reader.</source>
        <translation>未找到证件：请将证件平放在读卡区中央。</translation>
    </message>
    <message>
        <source>The card could not be picked up by the reader: place it again.</source>
        <translation>读卡器未能选中证件：请重新放置。</translation>
    </message>
    <message>
        <source>This card does not hold the information needed.</source>
        <translation>此证件中没有所需的信息。</translation>
    </message>
    <message>
        <source>The card reader gave an unknown answer.</source>
        <translation>读卡器返回了未知状态。</translation>
    </message>
    <message>
        <source>For staff: enter your staff code, your PIN and the person&apos;s ID number</source>
        <translation>请工作人员输入工号、密码和办税人的身份证号码</translation>
    </message>
    <message>
        <source>Check the staff code, the PIN and the ID number, then try again.</source>
        <translation>请核对工号、密码和身份证号码后重试。</translation>
    </message>
    <message>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>Foreign permanent residence ID card</source>
        <translation>外国人永久居留身份证</translation>
    </message>
    <message>
        <source>Foreign permanent residence ID card (2023)</source>
        <translation>外国人永久居留身份证（2023版）</translation>
    </message>
    <message>
        <source>Residence permit for Hong Kong, Macao and Taiwan residents</source>
        <translation>港澳台居民居住证</translation>
    </message>
    <message>
        <source>Maintenance – sign in</source>
        <translation>维护模式 – 登录</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护模式</translation>
    </message>
    <message>
        <source>Devices and self-tests</source>
        <translation>设备状态与自检</translation>
    </message>
    <message>
        <source>Test card read</source>
        <translation>读卡测试</translation>
    </message>
    <message>
        <source>Counters and paper</source>
        <translation>计数与耗材</translation>
    </message>
    <message>
        <source>New paper roll</source>
        <translation>更换纸卷</translation>
    </message>
    <message>
        <source>Journal and log</source>
        <translation>交易日志与运行日志</translation>
    </message>
    <message>
        <source>Reprints</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>About this kiosk</source>
        <translation>终端信息</translation>
    </message>
    <message>
        <source>Readiness report</source>
        <translation>就绪报告</translation>
    </message>
    <message>
        <source>Leaving maintenance</source>
        <translation>退出维护模式</translation>
    </message>
    <message>
        <source>Self-test failed</source>
        <translation>自检未通过</translation>
    </message>
    <message>
        <source>Staff code and PIN</source>
        <translation>请输入工号和密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Signed in: {code} {name}</source>
        <translation>已登录：{code} {name}</translation>
    </message>
    <message>
        <source>Choose a function</source>
        <translation>请选择功能</translation>
    </message>
    <message>
        <source>Leave maintenance</source>
        <translation>退出维护</translation>
    </message>
    <message>
        <source>Leave, kiosk stays out of service</source>
        <translation>退出（终端保持暂停服务）</translation>
    </message>
    <message>
        <source>Running the self-test…</source>
        <translation>正在自检…</translation>
    </message>
    <message>
        <source>The kiosk cannot return to service</source>
        <translation>终端暂不能恢复服务</translation>
    </message>
    <message>
        <source>Fix what failed and leave again, or leave now: the public screen will say the kiosk is out of service.</source>
        <translation>请排除故障后再退出；或现在退出，公众界面将显示暂停服务。</translation>
    </message>
    <message>
        <source>OK {detail}</source>
        <translation>正常 {detail}</translation>
    </message>
    <message>
        <source>FAILED {detail}</source>
        <translation>未通过 {detail}</translation>
    </message>
    <message>
        <source>Device status, live</source>
        <translation>设备实时状态</translation>
    </message>
    <message>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最近变化</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Errors since start-up</source>
        <translation>启动以来故障次数</translation>
    </message>
    <message>
        <source>Reconnections</source>
        <translation>重新连接次数</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Hardware error</source>
        <translation>硬件故障</translation>
    </message>
    <message>
        <source>Needs attention (paper, cover)</source>
        <translation>需处理（纸张、机盖）</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>SAM id</source>
        <translation>安全模块号</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>机盖</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Place a card on the reader</source>
        <translation>请将证件放在阅读器上</translation>
    </message>
    <message>
        <source>The fields read are shown masked; nothing is stored.</source>
        <translation>读取的信息以遮蔽方式显示，不作保存。</translation>
    </message>
    <message>
        <source>The card was read</source>
        <translation>读卡成功</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Card type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印完成</translation>
    </message>
    <message>
        <source>Not printed: {reason}</source>
        <translation>未打印：{reason}</translation>
    </message>
    <message>
        <source>Counters since the last paper roll change, and in total</source>
        <translation>换纸以来及累计计数</translation>
    </message>
    <message>
        <source>Since the last paper roll change (and in total)</source>
        <translation>换纸以来（括号内为累计）</translation>
    </message>
    <message>
        <source>{since} (total {total})</source>
        <translation>{since}（累计 {total}）</translation>
    </message>
    <message>
        <source>Slips printed</source>
        <translation>凭条打印张数</translation>
    </message>
    <message>
        <source>A4 pages issued</source>
        <translation>A4 页数</translation>
    </message>
    <message>
        <source>Paper used (mm)</source>
        <translation>用纸（毫米）</translation>
    </message>
    <message>
        <source>Card reads</source>
        <translation>读卡次数</translation>
    </message>
    <message>
        <source>Paper left on the roll</source>
        <translation>纸卷剩余</translation>
    </message>
    <message>
        <source>{n} mm</source>
        <translation>{n} 毫米</translation>
    </message>
    <message>
        <source>Roll changed</source>
        <translation>上次换纸</translation>
    </message>
    <message>
        <source>Sessions by service</source>
        <translation>各业务办理次数</translation>
    </message>
    <message>
        <source>Payments by outcome</source>
        <translation>缴款结果统计</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>已请求</translation>
    </message>
    <message>
        <source>Waiting for the payer</source>
        <translation>等待付款</translation>
    </message>
    <message>
        <source>Paper roll changed</source>
        <translation>已更换纸卷</translation>
    </message>
    <message>
        <source>Confirm a new paper roll</source>
        <translation>确认已装入新纸卷</translation>
    </message>
    <message>
        <source>The paper counter starts again from zero; the change is recorded with your staff code.</source>
        <translation>纸张计数将清零，本次换纸将连同您的工号记录在案。</translation>
    </message>
    <message>
        <source>A new roll is in</source>
        <translation>已装入新纸卷</translation>
    </message>
    <message>
        <source>Paper counter reset</source>
        <translation>纸张计数已清零</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>按时间倒序</translation>
    </message>
    <message>
        <source>Transaction journal</source>
        <translation>交易日志</translation>
    </message>
    <message>
        <source>Kiosk log</source>
        <translation>运行日志</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅显示异常</translation>
    </message>
    <message>
        <source>Nothing in this range</source>
        <translation>此范围内无记录</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近1小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近24小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近30天</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Export to USB</source>
        <translation>导出到U盘</translation>
    </message>
    <message>
        <source>{lines} lines exported to {path} (with a signed digest)</source>
        <translation>已导出 {lines} 条至 {path}（附签名摘要）</translation>
    </message>
    <message>
        <source>Reprints, free of charge</source>
        <translation>免费补打</translation>
    </message>
    <message>
        <source>Reprint the last slip</source>
        <translation>补打最近一张凭条</translation>
    </message>
    <message>
        <source>Paid or issued, not printed</source>
        <translation>已办理未打印</translation>
    </message>
    <message>
        <source>Settings a technician may change on site</source>
        <translation>现场可调整的设置</translation>
    </message>
    <message>
        <source>Ask &quot;still there?&quot; after</source>
        <translation>无操作提醒时间</translation>
    </message>
    <message>
        <source>Countdown before the session ends</source>
        <translation>会话结束倒计时</translation>
    </message>
    <message>
        <source>Result screen back to the start after</source>
        <translation>结果页返回首页时间</translation>
    </message>
    <message>
        <source>Offer English</source>
        <translation>提供英文界面</translation>
    </message>
    <message>
        <source>When the printer fails</source>
        <translation>打印机故障时</translation>
    </message>
    <message>
        <source>Take the kiosk out of service</source>
        <translation>终端暂停服务</translation>
    </message>
    <message>
        <source>Keep queries and payments going</source>
        <translation>继续提供查询与缴款</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>Software and this kiosk</source>
        <translation>软件与终端信息</translation>
    </message>
    <message>
        <source>Software version</source>
        <translation>软件版本</translation>
    </message>
    <message>
        <source>Database schema</source>
        <translation>数据库结构版本</translation>
    </message>
    <message>
        <source>Configuration file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Built-in defaults</source>
        <translation>内置默认配置</translation>
    </message>
    <message>
        <source>Kiosk id</source>
        <translation>终端编号</translation>
    </message>
    <message>
        <source>Tax office</source>
        <translation>税务机关</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <source>Running for</source>
        <translation>已运行</translation>
    </message>
    <message>
        <source>Self-test, then the readiness report on the slip printer and as an A4 PDF</source>
        <translation>自检并打印就绪报告（凭条及A4 PDF）</translation>
    </message>
    <message>
        <source>Run self-test and print the report</source>
        <translation>自检并打印报告</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <source>Type the code the person was given</source>
        <translation>请输入对方的交接码</translation>
    </message>
    <message>
        <source>6 letters and digits, shown on the &quot;call staff&quot; screen</source>
        <translation>6位字母数字，显示在&quot;呼叫工作人员&quot;页面</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>No call with this code today</source>
        <translation>今日无此交接码</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Called at</source>
        <translation>呼叫时间</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Message on screen</source>
        <translation>屏幕提示</translation>
    </message>
    <message>
        <source>Person (masked ID)</source>
        <translation>办理人（遮蔽证件号）</translation>
    </message>
    <message>
        <source>This kiosk is out of service</source>
        <translation>本终端暂停服务</translation>
    </message>
    <message>
        <source>Please use another kiosk or go to a service counter</source>
        <translation>请使用其他自助终端或前往办税窗口</translation>
    </message>
    <message>
        <source>We are sorry for the inconvenience.</source>
        <translation>给您带来不便，敬请谅解。</translation>
    </message>
    <message>
        <source>Maintenance ended without a technician; checking the devices</source>
        <translation>维护已超时结束，正在检查设备</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Refund account</source>
        <translation>退税账户</translation>
    </message>
    <message>
        <source>No need to bring: income and withholding statements - checked through shared data</source>
        <translation>无需提供: 收入纳税明细和扣缴凭证 - 已通过共享数据核验</translation>
    </message>
    <message>
        <source>No need to bring: proof of ownership - checked through shared data</source>
        <translation>无需提供: 房产证明 - 已通过共享数据核验</translation>
    </message>
    <message>
        <source>No need to bring: the lease - a signed commitment takes its place</source>
        <translation>无需提供: 租赁合同 - 以个人承诺代替</translation>
    </message>
    <message>
        <source>Checking shared registry data…</source>
        <translation>正在核验共享数据…</translation>
    </message>
    <message>
        <source>Did an employer pay you an annual one-off bonus in {year}?</source>
        <translation>{year}年是否取得全年一次性奖金？</translation>
    </message>
    <message>
        <source>No bonus</source>
        <translation>没有</translation>
    </message>
    <message>
        <source>Yes, I received one</source>
        <translation>有</translation>
    </message>
    <message>
        <source>A bonus can be taxed on its own or with your wages. The kiosk works out both and you choose.</source>
        <translation>奖金可以单独计税，也可以并入综合所得计税。本机计算两种方式，由您选择。</translation>
    </message>
    <message>
        <source>How much was the bonus?</source>
        <translation>奖金是多少？</translation>
    </message>
    <message>
        <source>Annual one-off bonus (¥)</source>
        <translation>全年一次性奖金（元）</translation>
    </message>
    <message>
        <source>Part of the wages shown before, as on your employer&apos;s payslip</source>
        <translation>已包含在前面显示的工资中，以单位发放记录为准</translation>
    </message>
    <message>
        <source>Your children</source>
        <translation>子女情况</translation>
    </message>
    <message>
        <source>Do you support a parent or grandparent aged 60 or over?</source>
        <translation>您是否赡养60岁及以上的父母或祖父母？</translation>
    </message>
    <message>
        <source>Yes, and I am an only child</source>
        <translation>有，我是独生子女</translation>
    </message>
    <message>
        <source>Yes, shared with brothers or sisters</source>
        <translation>有，与兄弟姐妹分摊</translation>
    </message>
    <message>
        <source>How is the elderly-support deduction shared?</source>
        <translation>赡养老人扣除如何分摊？</translation>
    </message>
    <message>
        <source>Way of sharing</source>
        <translation>分摊方式</translation>
    </message>
    <message>
        <source>Equally</source>
        <translation>平均分摊</translation>
    </message>
    <message>
        <source>By agreement</source>
        <translation>约定分摊</translation>
    </message>
    <message>
        <source>As the parent decided</source>
        <translation>被赡养人指定分摊</translation>
    </message>
    <message>
        <source>Children sharing it, you included</source>
        <translation>分摊的子女人数（含本人）</translation>
    </message>
    <message>
        <source>Your share a month (¥)</source>
        <translation>本人每月分摊额（元）</translation>
    </message>
    <message>
        <source>You deduct {amount} a month.</source>
        <translation>您每月扣除 {amount}。</translation>
    </message>
    <message>
        <source>Each child deducts at most {amount} a month.</source>
        <translation>每人每月分摊不能超过 {amount}。</translation>
    </message>
    <message>
        <source>An agreed or designated share needs a written agreement; keep it.</source>
        <translation>约定或指定分摊须签订书面分摊协议，请留存备查。</translation>
    </message>
    <message>
        <source>Enter your share a month.</source>
        <translation>请输入每月分摊额。</translation>
    </message>
    <message>
        <source>A share cannot be more than {amount} a month.</source>
        <translation>每月分摊额不能超过 {amount}。</translation>
    </message>
    <message>
        <source>Housing: which applies to you?</source>
        <translation>住房：哪一项适用于您？</translation>
    </message>
    <message>
        <source>Housing loan interest: the law&apos;s checks</source>
        <translation>住房贷款利息：请确认以下情况</translation>
    </message>
    <message>
        <source>The loan is a first-home loan</source>
        <translation>该贷款是首套住房贷款</translation>
    </message>
    <message>
        <source>Who claims it?</source>
        <translation>由谁扣除？</translation>
    </message>
    <message>
        <source>I claim all of it</source>
        <translation>本人扣除100%</translation>
    </message>
    <message>
        <source>My spouse claims all of it</source>
        <translation>由配偶扣除100%</translation>
    </message>
    <message>
        <source>Half each (homes bought before marriage)</source>
        <translation>夫妻各扣除50%（婚前各自购房）</translation>
    </message>
    <message>
        <source>Each of us bought a home with a loan before the marriage</source>
        <translation>夫妻双方婚前分别购买住房并发生首套住房贷款</translation>
    </message>
    <message>
        <source>My spouse claims housing rent this year</source>
        <translation>配偶本年度享受住房租金扣除</translation>
    </message>
    <message>
        <source>Housing rent: the law&apos;s check</source>
        <translation>住房租金：请确认以下情况</translation>
    </message>
    <message>
        <source>My spouse claims housing loan interest this year</source>
        <translation>配偶本年度享受住房贷款利息扣除</translation>
    </message>
    <message>
        <source>Only the interest on a first-home loan can be deducted. Go back and choose another answer.</source>
        <translation>只有首套住房贷款利息可以扣除。请返回选择其他项。</translation>
    </message>
    <message>
        <source>Half each is allowed only when each of you bought a home before the marriage; otherwise one of you claims all.</source>
        <translation>只有夫妻双方婚前分别购房的，才能各扣除50%；否则由一方扣除100%。</translation>
    </message>
    <message>
        <source>A couple cannot claim housing loan interest and housing rent in the same year. Choose one.</source>
        <translation>夫妻双方在一个纳税年度内不能同时享受住房贷款利息和住房租金扣除，请选择其一。</translation>
    </message>
    <message>
        <source>Continuing education</source>
        <translation>继续教育</translation>
    </message>
    <message>
        <source>Serious illness</source>
        <translation>大病医疗</translation>
    </message>
    <message>
        <source>Other deductions you paid in {year} (0 if none)</source>
        <translation>{year}年缴纳的其他扣除（没有填0）</translation>
    </message>
    <message>
        <source>Commercial health insurance (¥ a year)</source>
        <translation>商业健康保险（元/年）</translation>
    </message>
    <message>
        <source>Deducted up to ¥2,400 a year</source>
        <translation>每年最多扣除2,400元</translation>
    </message>
    <message>
        <source>Personal pension contributions (¥ a year)</source>
        <translation>个人养老金缴费（元/年）</translation>
    </message>
    <message>
        <source>Deducted up to ¥12,000 a year (from 2022)</source>
        <translation>每年最多扣除12,000元（2022年起）</translation>
    </message>
    <message>
        <source>Tax-deferred commercial pension (¥ a year)</source>
        <translation>税延养老保险（元/年）</translation>
    </message>
    <message>
        <source>Up to 6% of your wages, at most ¥12,000 a year</source>
        <translation>不超过工资的6%，每年最多12,000元</translation>
    </message>
    <message>
        <source>Enterprise or occupational annuity, your part (¥ a year)</source>
        <translation>企业年金、职业年金个人缴费（元/年）</translation>
    </message>
    <message>
        <source>Deducted up to 4% of your wage base</source>
        <translation>不超过本人缴费工资计税基数的4%</translation>
    </message>
    <message>
        <source>Donations to public-welfare causes (0 if none)</source>
        <translation>公益慈善捐赠（没有填0）</translation>
    </message>
    <message>
        <source>Donations deducted up to 30% of taxable income (¥)</source>
        <translation>限额扣除的捐赠（应纳税所得额30%以内，元）</translation>
    </message>
    <message>
        <source>Most donations through public-welfare organisations</source>
        <translation>通过公益性社会组织的大多数捐赠</translation>
    </message>
    <message>
        <source>Donations deducted in full (¥)</source>
        <translation>全额扣除的捐赠（元）</translation>
    </message>
    <message>
        <source>Only the causes the law lists for full deduction</source>
        <translation>仅限法律规定可全额扣除的捐赠</translation>
    </message>
    <message>
        <source>How should the bonus be taxed? You choose.</source>
        <translation>奖金如何计税？请您选择。</translation>
    </message>
    <message>
        <source>Taxed separately: {amount}</source>
        <translation>单独计税：{amount}</translation>
    </message>
    <message>
        <source>Added to wages: {amount}</source>
        <translation>并入综合所得：{amount}</translation>
    </message>
    <message>
        <source>Recommended: saves {amount}</source>
        <translation>推荐：少缴 {amount}</translation>
    </message>
    <message>
        <source>Either way the same</source>
        <translation>两种方式相同</translation>
    </message>
    <message>
        <source>{method} costs {amount} less for the year.</source>
        <translation>{method}，全年少缴 {amount}。</translation>
    </message>
    <message>
        <source>{method} costs the same as the other way.</source>
        <translation>{method}与另一种方式税额相同。</translation>
    </message>
    <message>
        <source>Taxing the bonus separately</source>
        <translation>奖金单独计税</translation>
    </message>
    <message>
        <source>Adding the bonus to wages</source>
        <translation>奖金并入综合所得</translation>
    </message>
    <message>
        <source>Bonus {amount}. Each total is the year&apos;s tax, bonus included.</source>
        <translation>奖金 {amount}。以上为含奖金的全年应纳税额。</translation>
    </message>
    <message>
        <source>Bonus: {method}</source>
        <translation>奖金：{method}</translation>
    </message>
    <message>
        <source>Where should the refund of {amount} go?</source>
        <translation>应退税额 {amount} 退到哪个账户？</translation>
    </message>
    <message>
        <source>No bank account is on file for you, so the refund cannot be claimed here.</source>
        <translation>您没有登记银行账户，无法在本机申请退税。</translation>
    </message>
    <message>
        <source>To add an account: in the IIT app (个人所得税), 我的 › 银行卡 › 添加; or at the counter with your bank card. Then come back.</source>
        <translation>添加账户：在个人所得税App「我的-银行卡」中添加，或携带银行卡到柜台办理，然后再来办理。</translation>
    </message>
    <message>
        <source>The refund of {amount} will be paid to {account} after review.</source>
        <translation>应退税额 {amount} 审核后退到 {account}。</translation>
    </message>
    <message>
        <source>Which property do you rent out?</source>
        <translation>您出租的是哪处房产？</translation>
    </message>
    <message>
        <source>{use} · {area} m²</source>
        <translation>{use} · {area} 平方米</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>住房</translation>
    </message>
    <message>
        <source>Shop or office</source>
        <translation>非住房（商铺、办公）</translation>
    </message>
    <message>
        <source>Shared registry data holds no property in your name, so the kiosk cannot issue this invoice.</source>
        <translation>共享数据中没有您名下的不动产登记记录，本机无法代开此发票。</translation>
    </message>
    <message>
        <source>Take a queue number for invoices at the start screen.</source>
        <translation>可在首页领取「发票业务」排队号。</translation>
    </message>
    <message>
        <source>You no longer bring the lease: this commitment takes its place.</source>
        <translation>无需提供租赁合同：以本承诺代替。</translation>
    </message>
    <message>
        <source>Ownership certificate</source>
        <translation>不动产权证书号</translation>
    </message>
    <message>
        <source>Choose one of your own bank accounts on file for the refund.</source>
        <translation>请选择您本人登记的银行账户接收退税。</translation>
    </message>
    <message>
        <source>The registry lists no such property for you. At the counter, bring the ownership certificate.</source>
        <translation>登记信息中没有您名下的这处房产。请携带不动产权证书到柜台办理。</translation>
    </message>
    <message>
        <source>A couple cannot claim housing loan interest and housing rent in the same year.</source>
        <translation>夫妻双方在一个纳税年度内不能同时享受住房贷款利息和住房租金扣除。</translation>
    </message>
    <message>
        <source>This printer has no Chinese font: Chinese text is left out</source>
        <translation>此打印机没有中文字库，中文内容无法打印</translation>
    </message>
    <message>
        <source>Card on the reader</source>
        <translation>读卡器上的卡片</translation>
    </message>
    <message>
        <source>This value is outside the allowed range; nothing was saved</source>
        <translation>该数值超出允许范围，未保存</translation>
    </message>
    <message>
        <source>The export folder is not there: is the USB stick inserted?</source>
        <translation>找不到导出目录：U盘是否已插好？</translation>
    </message>
    <message>
        <source>No slip has been printed yet</source>
        <translation>尚未打印过凭条</translation>
    </message>
    <message>
        <source>Not yet reported</source>
        <translation>尚未报告</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>您好</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <source>{count} items are listed</source>
        <translation>共列出 {count} 项</translation>
    </message>
    <message>
        <source>{item}, selected</source>
        <translation>{item}，已选</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{label}: type on the keypad</source>
        <translation>{label}：请在键盘上输入</translation>
    </message>
    <message>
        <source>Nothing entered yet</source>
        <translation>尚未输入</translation>
    </message>
    <message>
        <source>Entered {value}</source>
        <translation>已输入 {value}</translation>
    </message>
    <message>
        <source>{count} digits entered</source>
        <translation>已输入 {count} 位</translation>
    </message>
    <message>
        <source>{count} characters entered</source>
        <translation>已输入 {count} 个字符</translation>
    </message>
    <message>
        <source>Are you still there? This session ends in {seconds} seconds. Tap the screen to continue.</source>
        <translation>您还在吗？本次服务将在 {seconds} 秒后结束，请点击屏幕继续。</translation>
    </message>
    <message>
        <source>Volume {level} of {levels}</source>
        <translation>音量 {level} 级，共 {levels} 级</translation>
    </message>
    <message>
        <source>Larger text and slower speech</source>
        <translation>大字体和慢速语音</translation>
    </message>
    <message>
        <source>Tap once to switch both on</source>
        <translation>点一下即可同时开启</translation>
    </message>
    <message>
        <source>Voice on</source>
        <translation>打开语音</translation>
    </message>
    <message>
        <source>Voice off</source>
        <translation>关闭语音</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重听</translation>
    </message>
    <message>
        <source>Volume down</source>
        <translation>音量减小</translation>
    </message>
    <message>
        <source>Volume up</source>
        <translation>音量增大</translation>
    </message>
    <message>
        <source>Volume {level}/{levels}</source>
        <translation>音量 {level}/{levels}</translation>
    </message>
    <message>
        <source>That tax type is not valid.</source>
        <translation>税种无效。</translation>
    </message>
    <message>
        <source>Please enter the tenant&apos;s name.</source>
        <translation>请输入承租方名称。</translation>
    </message>
    <message>
        <source>The printer ran out of paper.</source>
        <translation>打印机缺纸。</translation>
    </message>
    <message>
        <source>The printer cover is open.</source>
        <translation>打印机盖未关。</translation>
    </message>
    <message>
        <source>The printer is not answering.</source>
        <translation>打印机无响应。</translation>
    </message>
    <message>
        <source>The printer had a problem.</source>
        <translation>打印机出现故障。</translation>
    </message>
    <message>
        <source>The printer is not available.</source>
        <translation>打印机不可用。</translation>
    </message>
    <message>
        <source>The device is not connected.</source>
        <translation>设备未连接。</translation>
    </message>
    <message>
        <source>The payment was declined.</source>
        <translation>支付被拒绝。</translation>
    </message>
    <message>
        <source>The QR code expired before payment.</source>
        <translation>支付二维码已过期。</translation>
    </message>
    <message>
        <source>The payment could not be started.</source>
        <translation>未能发起支付。</translation>
    </message>
    <message>
        <source>We do not know yet whether the payment went through.</source>
        <translation>暂时无法确认是否支付成功。</translation>
    </message>
    <message>
        <source>Do not pay again: staff will check it with the bank using your code.</source>
        <translation>请勿重复支付：工作人员将凭代码向银行核实。</translation>
    </message>
    <message>
        <source>No money was taken.</source>
        <translation>未扣款。</translation>
    </message>
    <message>
        <source>The payment voucher cannot be printed now; you can reprint it later for free.</source>
        <translation>缴款凭证暂时无法打印，可稍后免费补打。</translation>
    </message>
    <message>
        <source>Check the amount before you pay</source>
        <translation>付款前请核对金额</translation>
    </message>
    <message>
        <source>Nothing is charged until you scan the code and confirm in your app.</source>
        <translation>扫码并在手机上确认前不会扣款。</translation>
    </message>
    <message>
        <source>Scan the code with your payment app</source>
        <translation>请用手机支付应用扫码</translation>
    </message>
    <message>
        <source>WeChat Pay, Alipay and bank apps are accepted.</source>
        <translation>支持微信、支付宝及银行 App。</translation>
    </message>
    <message>
        <source>Waiting for your payment…</source>
        <translation>等待支付…</translation>
    </message>
    <message>
        <source>Checking the payment with the bank…</source>
        <translation>正在向银行确认支付结果…</translation>
    </message>
    <message>
        <source>Payment of {amount} received.</source>
        <translation>已收到缴款 {amount}。</translation>
    </message>
    <message>
        <source>Tap to choose what to pay</source>
        <translation>点击选择要缴纳的税费</translation>
    </message>
    <message>
        <source>Due {date}</source>
        <translation>缴款期限 {date}</translation>
    </message>
    <message>
        <source>Total to pay</source>
        <translation>合计应缴</translation>
    </message>
    <message>
        <source>Which year?</source>
        <translation>请选择汇算年度</translation>
    </message>
    <message>
        <source>Tax year {year}</source>
        <translation>{year} 年度</translation>
    </message>
    <message>
        <source>No year is open for reconciliation now.</source>
        <translation>目前没有可办理汇算的年度。</translation>
    </message>
    <message>
        <source>Your income in {year} as reported by payers</source>
        <translation>{year} 年扣缴单位申报的收入</translation>
    </message>
    <message>
        <source>If something here is wrong, call staff before you go on.</source>
        <translation>如信息有误，请先呼叫工作人员。</translation>
    </message>
    <message>
        <source>Wages</source>
        <translation>工资薪金</translation>
    </message>
    <message>
        <source>Labour remuneration</source>
        <translation>劳务报酬</translation>
    </message>
    <message>
        <source>Author&apos;s remuneration</source>
        <translation>稿酬</translation>
    </message>
    <message>
        <source>Royalties</source>
        <translation>特许权使用费</translation>
    </message>
    <message>
        <source>Social insurance and housing fund</source>
        <translation>三险一金</translation>
    </message>
    <message>
        <source>Tax already paid</source>
        <translation>已缴税额</translation>
    </message>
    <message>
        <source>A few questions about your family and expenses</source>
        <translation>请回答几个关于家庭和支出的问题</translation>
    </message>
    <message>
        <source>Children under 3</source>
        <translation>3 岁以下子女</translation>
    </message>
    <message>
        <source>Children aged 3 and over (in education)</source>
        <translation>3 岁及以上子女（受教育）</translation>
    </message>
    <message>
        <source>Your share of the child deduction</source>
        <translation>子女扣除由您享受的比例</translation>
    </message>
    <message>
        <source>All (100%)</source>
        <translation>全部（100%）</translation>
    </message>
    <message>
        <source>Half (50%)</source>
        <translation>一半（50%）</translation>
    </message>
    <message>
        <source>I support a parent aged 60 or over</source>
        <translation>赡养 60 岁以上父母</translation>
    </message>
    <message>
        <source>I am an only child</source>
        <translation>我是独生子女</translation>
    </message>
    <message>
        <source>Housing</source>
        <translation>住房</translation>
    </message>
    <message>
        <source>Neither</source>
        <translation>无</translation>
    </message>
    <message>
        <source>First-home loan interest</source>
        <translation>首套住房贷款利息</translation>
    </message>
    <message>
        <source>Rent, big city</source>
        <translation>住房租金（直辖市、省会等）</translation>
    </message>
    <message>
        <source>Rent, city over 1 million</source>
        <translation>住房租金（人口超百万城市）</translation>
    </message>
    <message>
        <source>Rent, other place</source>
        <translation>住房租金（其他城市）</translation>
    </message>
    <message>
        <source>I obtained a vocational certificate</source>
        <translation>取得职业资格证书</translation>
    </message>
    <message>
        <source>Months of degree education</source>
        <translation>学历继续教育月数</translation>
    </message>
    <message>
        <source>0 if none</source>
        <translation>没有请填 0</translation>
    </message>
    <message>
        <source>Medical costs you paid yourself (¥)</source>
        <translation>个人负担的医药费（元）</translation>
    </message>
    <message>
        <source>Only the part over ¥15,000 counts</source>
        <translation>超过 15,000 元的部分才可扣除</translation>
    </message>
    <message>
        <source>Your result</source>
        <translation>汇算结果</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>应补（退）税额</translation>
    </message>
    <message>
        <source>You will get a refund of {amount}.</source>
        <translation>您可获得退税 {amount}。</translation>
    </message>
    <message>
        <source>You need to pay {amount}.</source>
        <translation>您需补税 {amount}。</translation>
    </message>
    <message>
        <source>Nothing to pay and nothing to refund.</source>
        <translation>无需补税，也无退税。</translation>
    </message>
    <message>
        <source>Your income is at most ¥120,000: you need not pay the balance.</source>
        <translation>年收入不超过 12 万元：可免予补税。</translation>
    </message>
    <message>
        <source>The balance is at most ¥400: you need not pay it.</source>
        <translation>补税金额不超过 400 元：可免予补税。</translation>
    </message>
    <message>
        <source>Read and confirm</source>
        <translation>请阅读并确认</translation>
    </message>
    <message>
        <source>Tap to agree</source>
        <translation>点击表示同意</translation>
    </message>
    <message>
        <source>I agree</source>
        <translation>我已同意</translation>
    </message>
    <message>
        <source>Your annual reconciliation is submitted.</source>
        <translation>年度汇算已提交。</translation>
    </message>
    <message>
        <source>Please pay {amount} under “Taxes due and payment”.</source>
        <translation>请在“应缴税费与缴款”中缴纳 {amount}。</translation>
    </message>
    <message>
        <source>The refund of {amount} will be paid to your bank account after review.</source>
        <translation>退税 {amount} 审核后将退至您的银行账户。</translation>
    </message>
    <message>
        <source>Nothing more is needed.</source>
        <translation>无需其他操作。</translation>
    </message>
    <message>
        <source>Who rents the property?</source>
        <translation>承租方是谁？</translation>
    </message>
    <message>
        <source>Which property?</source>
        <translation>出租的是哪处房屋？</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>房屋地址</translation>
    </message>
    <message>
        <source>Street and number</source>
        <translation>街道和门牌号</translation>
    </message>
    <message>
        <source>Used as a home</source>
        <translation>住宅用途</translation>
    </message>
    <message>
        <source>Where is it?</source>
        <translation>房屋所在地</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市区</translation>
    </message>
    <message>
        <source>County town</source>
        <translation>县城、镇</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>其他地区</translation>
    </message>
    <message>
        <source>How long and how much?</source>
        <translation>租期和租金</translation>
    </message>
    <message>
        <source>Months (from this month)</source>
        <translation>月数（自本月起）</translation>
    </message>
    <message>
        <source>Rent for the whole period (¥)</source>
        <translation>租期内租金总额（元）</translation>
    </message>
    <message>
        <source>Including any tax</source>
        <translation>含税金额</translation>
    </message>
    <message>
        <source>Period: {period}</source>
        <translation>租期：{period}</translation>
    </message>
    <message>
        <source>Rental period</source>
        <translation>租期</translation>
    </message>
    <message>
        <source>Check the tax before you pay</source>
        <translation>付款前请核对税款</translation>
    </message>
    <message>
        <source>Tax to pay</source>
        <translation>应缴税款</translation>
    </message>
    <message>
        <source>No tax is due on this rent.</source>
        <translation>该租金无需缴税。</translation>
    </message>
    <message>
        <source>Your rental invoice is issued.</source>
        <translation>房屋租赁发票已开具。</translation>
    </message>
    <message>
        <source>Which service do you need at the counter?</source>
        <translation>您要到窗口办理什么业务？</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>{ahead} people ahead of you, about {minutes} minutes</source>
        <translation>前面还有 {ahead} 人，约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>The ticket could not be printed: please note your number.</source>
        <translation>号票未能打印，请记住您的号码。</translation>
    </message>
    <message>
        <source>Your queue number</source>
        <translation>取号成功</translation>
    </message>
    <message>
        <source>What would you like to look up?</source>
        <translation>您要查询什么？</translation>
    </message>
    <message>
        <source>Payments in the last 12 months</source>
        <translation>最近 12 个月缴税记录</translation>
    </message>
    <message>
        <source>Free reprints</source>
        <translation>免费补打</translation>
    </message>
    <message>
        <source>No payments in the last 12 months.</source>
        <translation>最近 12 个月没有缴税记录。</translation>
    </message>
    <message>
        <source>Nothing is waiting to be reprinted.</source>
        <translation>没有需要补打的凭条。</translation>
    </message>
    <message>
        <source>These slips were not printed. Tap one to print it free of charge.</source>
        <translation>以下凭条未打印，点击即可免费补打。</translation>
    </message>
    <message>
        <source>Reprint free</source>
        <translation>免费补打</translation>
    </message>
    <message>
        <source>Your slip has been reprinted.</source>
        <translation>凭条已补打。</translation>
    </message>
    <message>
        <source>Staff are on their way</source>
        <translation>已呼叫工作人员</translation>
    </message>
    <message>
        <source>Show this code to the member of staff</source>
        <translation>请向工作人员出示此代码</translation>
    </message>
    <message>
        <source>Hand-over code</source>
        <translation>交接码</translation>
    </message>
    <message>
        <source>You can wait here; nothing you have done is lost.</source>
        <translation>请在此等候，您的办理进度不会丢失。</translation>
    </message>
    <message>
        <source>Staff: start a session for this person</source>
        <translation>工作人员：代为登录</translation>
    </message>
    <message>
        <source>Staff-assisted start</source>
        <translation>工作人员代为登录</translation>
    </message>
    <message>
        <source>Staff code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Your staff login</source>
        <translation>您的工作人员登录账号</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>工作人员密码</translation>
    </message>
    <message>
        <source>4 to 12 digits, shown as dots</source>
        <translation>4至12位数字，以圆点显示</translation>
    </message>
    <message>
        <source>ID number of the person</source>
        <translation>办税人的身份证号码</translation>
    </message>
    <message>
        <source>18 characters: 17 digits, then a digit or X</source>
        <translation>共18位：17位数字，最后一位为数字或X</translation>
    </message>
    <message>
        <source>Start the session</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>The session could not be started</source>
        <translation>未能代为登录</translation>
    </message>
    <message>
        <source>An ID number has 18 characters: 17 digits, then a digit or X.</source>
        <translation>身份证号码共18位：17位数字，最后一位为数字或X。</translation>
    </message>
    <message>
        <source>The date of birth in this ID number is not possible.</source>
        <translation>该身份证号码中的出生日期不正确。</translation>
    </message>
    <message>
        <source>This ID number is not valid: one of its digits is probably wrong.</source>
        <translation>该身份证号码无效，可能有一位数字输错了。</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>For your privacy this session ends in {seconds} s.</source>
        <translation>为保护您的隐私，{seconds} 秒后将结束办理。</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>已选</translation>
    </message>
    <message>
        <source>Not selected</source>
        <translation>未选</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>A member of staff is on the way</source>
        <translation>工作人员正在赶来</translation>
    </message>
    <message>
        <source>Taken out of service by the hall staff</source>
        <translation>已由大厅工作人员暂停服务</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>应退税额</translation>
    </message>
    <message>
        <source>Page {n} of {total}</source>
        <translation>第 {n} 页，共 {total} 页</translation>
    </message>
    <message>
        <source>◀ Previous page</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next page ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>The code is valid for {time} more</source>
        <translation>二维码有效时间还剩 {time}</translation>
    </message>
    <message>
        <source>At the counter, please bring: the property ownership certificate (the real estate title certificate, or the older house ownership certificate), original and a copy, and the signed lease, original.</source>
        <translation>请到柜台办理，并携带：不动产权证书（或房屋所有权证）原件及复印件，房屋租赁合同原件。</translation>
    </message>
    <message>
        <source>Type the pinyin, then tap the characters</source>
        <translation>输入拼音，再点选汉字</translation>
    </message>
    <message>
        <source>Letters are typed as they are</source>
        <translation>直接输入字母</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ 上一页</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>下一页 ›</translation>
    </message>
    <message>
        <source>Pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <source>Letters ABC</source>
        <translation>字母 ABC</translation>
    </message>
    <message>
        <source>The name in Chinese (type the pinyin) or in letters (ABC)</source>
        <translation>输入拼音点选汉字，或切换到字母输入</translation>
    </message>
</context>
</TS>
